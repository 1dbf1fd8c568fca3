export interface Config {
  /** Configuration of the Load Tests plugin. */
  loadTesting?: {
    /** Executor used when a run does not name one. Default `local` when enabled. */
    defaultExecutor?: string;
    /**
     * This backend's name among replicas on one database; default hostname, process id
     * and a random suffix. Set it to a stable name so a restarted replica finds its
     * local runs again.
     */
    instanceId?: string;
    /** Backend replicas on one database. */
    replicas?: {
      /** How often a replica says it is alive and looks at its runs; default 5. */
      heartbeatSeconds?: number;
      /** Silence after which another replica takes over a replica's Kubernetes runs; default 30. */
      takeoverAfterSeconds?: number;
      /** Silence after which a replica's local runs are declared lost; default 120. */
      lostAfterSeconds?: number;
    };
    /**
     * What is kept of finished runs. A task on the scheduler (one replica at a time)
     * drops raw samples first, keeping the 10-minute and whole-run rollups, then deletes
     * whole runs; runs whose report is archived, and scenarios' baselines, are kept.
     */
    retention?: {
      /** When the task runs; default every hour, first 5 minutes after the start. */
      schedule?: {
        frequency:
          { cron: string } | { minutes?: number; hours?: number } | string;
        timeout: { minutes?: number; seconds?: number } | string;
        initialDelay?: { minutes?: number; seconds?: number } | string;
      };
      /**
       * Age (since the run finished) past which its raw samples and per-second counts go,
       * e.g. `{ days: 30 }` (the default) or `P30D`; reads of its windows are then at
       * 10-minute resolution. `false` keeps them.
       */
      rawSamples?:
        { days?: number; hours?: number; minutes?: number } | string | false;
      /**
       * Age (since the run finished) past which a run is deleted with all its data and
       * files; default `{ days: 365 }`. `false` keeps runs forever.
       */
      runs?:
        { days?: number; hours?: number; minutes?: number } | string | false;
    };
    /**
     * Reports of runs. Their "file an issue" links open GitHub's `issues/new` for entities
     * annotated `github.com/project-slug`, and Jira's create screen
     * (`<jiraBaseUrl>/secure/CreateIssueDetails!init.jspa?pid=…&issuetype=…&summary=…&description=…`)
     * for entities annotated `jira/project-key` with a project's numeric id, or a key
     * listed in `jiraProjectIds`. The link back to the run uses `app.baseUrl`.
     */
    reports?: {
      /** e.g. `https://jira.example.com`; no Jira links without it. */
      jiraBaseUrl?: string;
      /** Jira's numeric project id per project key (the create screen takes the id). */
      jiraProjectIds?: { [projectKey: string]: number };
      /** Numeric id of the issue type preselected on Jira's create screen. */
      jiraIssueTypeId?: number;
    };
    /**
     * The target's own metrics overlaid on a run's charts: the entity's PromQL
     * (annotation `load-testing.dev/prometheus-query`) as a range query over the run.
     * Nothing of this is sent to the browser but the query's answer.
     */
    prometheus?: {
      /** e.g. `http://prometheus.monitoring:9090`; no overlay without it. */
      baseUrl: string;
      /**
       * A bearer token sent as `Authorization: Bearer <token>`.
       * @visibility secret
       */
      token?: string;
      /**
       * More request headers, e.g. `X-Scope-OrgID` of a multi-tenant Prometheus.
       * @visibility secret
       */
      headers?: { [name: string]: string };
      /** How long a query may take; default 10. */
      timeoutSeconds?: number;
    };
    /** The load generators' own resources during runs. */
    resources?: {
      /**
       * A run is warned (`generator-cpu`) when a worker's CPU, or a lone master's, stays
       * at or above `percent` (default 90) for `seconds` (default 20) or more.
       */
      cpuWarning?: { percent?: number; seconds?: number };
    };
    /** Scenarios kept in entities' repositories (annotation load-testing.dev/scenarios). */
    sources?: {
      /**
       * How often they are read again; default every 10 minutes. Reading uses the
       * backend's URL readers (integrations, backend.reading.allow).
       */
      schedule?: {
        frequency: { cron: string } | { minutes?: number; hours?: number } | string;
        timeout: { minutes?: number; seconds?: number } | string;
        initialDelay?: { minutes?: number; seconds?: number } | string;
      };
    };
    /** How scripts are checked when a scenario is saved or a run starts. */
    scripts?: {
      /**
       * Python that parses scripts (it never runs them) to report syntax errors with
       * their line. Default `$LOCUST_PYTHON`, else `python3`; without one only the cheap
       * checks run.
       */
      python?: string;
    };
    executors?: {
      /**
       * Runs Locust master and workers as child processes of the backend. It runs
       * user-written Python on the backend host: enable it for development only.
       */
      local?: {
        /** Default false. */
        enabled?: boolean;
        /** Path of the `locust` executable; default `$LOCUST_BIN`, else `locust` on PATH. */
        locustCommand?: string;
        /** Folder for run files and node logs; default `<os tmpdir>/backstage-load-testing`. */
        workDir?: string;
        /** Seconds to wait for Locust to stop after SIGTERM before killing it. Default 15. */
        stopGraceSeconds?: number;
        /** Days the folder of a run that is over (script, logs, CSV) is kept. Default 7. */
        keepRunFilesDays?: number;
      };
      /**
       * Runs the Locust master and workers as Jobs in a namespace per run. Needs
       * `webhook.signingKey`, since runs outlive backend restarts.
       */
      kubernetes?: {
        /** Default false. */
        enabled?: boolean;
        /** Clusters runs may use, in the shape of the Backstage kubernetes plugin's. */
        /**
         * Clusters runs may use. A cluster given by its `name` alone is read from the
         * Kubernetes plugin's `kubernetes.clusterLocatorMethods` (`type: config`), with
         * its URL, CA and service account token.
         */
        clusters: Array<{
          name: string;
          /** API server URL; not needed with `kubeconfig` or `inCluster`. */
          url?: string;
          /** `serviceAccount` (default), `kubeconfig` or `inCluster`. */
          authProvider?: 'serviceAccount' | 'kubeconfig' | 'inCluster';
          /**
           * Bearer token of the backend's service account.
           * @visibility secret
           */
          serviceAccountToken?: string;
          /** Path of a kubeconfig file (authProvider `kubeconfig`). */
          kubeconfig?: string;
          /** Context in that kubeconfig; default its current context. */
          context?: string;
          /**
           * PEM CA bundle, base64, of the API server.
           * @visibility secret
           */
          caData?: string;
          /** Path of the API server's CA bundle. */
          caFile?: string;
          /** Default false. */
          skipTLSVerify?: boolean;
        }>;
        /** Cluster of runs that name none; default the first. */
        defaultCluster?: string;
        /**
         * Base URL of this plugin as pods in the cluster reach it, e.g.
         * `https://backstage.example.com/api/load-testing`. Default `webhook.baseUrl`.
         */
        webhookBaseUrl?: string;
        /** Engine images runs choose from; the first is the default. */
        engines?: Array<{ name: string; image: string; description?: string }>;
        /** Prefix of run namespaces. Default `load-test-`. */
        namespacePrefix?: string;
        /**
         * Value of the `load-testing.dev/instance` label on every object: backends with
         * different databases sharing a cluster must differ; replicas of one backend (one
         * database) must share it, so each can take over and sweep the others' runs.
         * Default `backstage`.
         */
        instance?: string;
        /** Namespace holding the Secrets runs may use; they are copied into each run's namespace. */
        secretsNamespace?: string;
        /**
         * Secrets (in `secretsNamespace`) runs may read variables from, each for the runs of
         * the entities it lists (refs such as `component:default/shop-api`) and, when `keys`
         * is set, only those keys. Only the keys a run references are copied into its
         * namespace. A plain name (any entity) is refused at startup; per-owner rules are
         * not supported yet.
         */
        secrets?: Array<{
          name: string;
          entities: string[];
          keys?: string[];
        }>;
        /** Image pull Secrets (in `secretsNamespace`) copied into each run's namespace. */
        imagePullSecrets?: string[];
        /**
         * Service account of the pods, created in each run's namespace; default the
         * namespace's `default`.
         */
        serviceAccountName?: string;
        /** Annotations of that service account, e.g. for workload identity. */
        serviceAccountAnnotations?: { [key: string]: string };
        /** Pod- and container-level security contexts. Default: non-root, no privilege escalation. */
        securityContext?: {
          pod?: { [key: string]: any };
          container?: { [key: string]: any };
        };
        /** Affinity of every pod. */
        affinity?: { [key: string]: any };
        /** Node selector and tolerations every run gets, merged under the run's own. */
        nodeSelector?: { [key: string]: string };
        tolerations?: Array<{ [key: string]: any }>;
        /**
         * Tolerations a run may add (`{key, operator, value, effect, tolerationSeconds}`):
         * each of the run's own must tolerate no more than one of these. Default none.
         */
        allowedTolerations?: Array<{ [key: string]: any }>;
        /** Node label keys a run's nodeSelector may use. Default none. */
        allowedNodeSelectorKeys?: string[];
        /**
         * The egress NetworkPolicy of each run namespace, built from
         * `loadTesting.targets.allow`: IP entries (`http://10.1.2.3:8080`) and IP prefixes
         * (`http://10.1.*`) become networks, `*` every address; host names are resolved by
         * this backend when a run is created (and a run's own host, when a wildcard name
         * allowed it); wildcard names cannot be named by a NetworkPolicy and need
         * `egressCidrs`. Ports follow the entry (its scheme's default without one, any for
         * `*`). Pods may also reach DNS and the webhook. Enforced only by a network plugin
         * that implements NetworkPolicy.
         */
        networkPolicy?: {
          /** Default true. */
          enabled?: boolean;
          /** Resolve the allowlist's host names when a run is created. Default true. */
          resolveHostNames?: boolean;
          /**
           * Networks runs may reach besides the allowlist's entries, e.g. the addresses
           * behind `https://*.staging.example.com`; hostAliases may point inside them.
           */
          egressCidrs?: Array<{ cidr: string; ports?: number[] }>;
          /** Where pods resolve names. Default: pods `k8s-app: kube-dns` in `kube-system`, port 53. */
          dns?: {
            namespace?: string;
            podLabels?: { [key: string]: string };
            /** e.g. node-local DNS, `169.254.20.10/32`. */
            cidrs?: string[];
          };
          /**
           * How pods reach the webhook. Default: the addresses of the webhook URL's host,
           * resolved when a run is created. Set `namespace` and `podLabels` (and `port`,
           * the pods' own) when pods reach the backend through a Service in the cluster.
           */
          webhook?: {
            namespace?: string;
            podLabels?: { [key: string]: string };
            cidrs?: string[];
            port?: number;
          };
        };
        /** Resources when a run sets none; CPU requests let the cluster scale out ahead of the run. */
        resources?: {
          master?: { [key: string]: any };
          worker?: { [key: string]: any };
        };
        /** Seconds all pods get to be ready before the run fails. Default 600. */
        startTimeoutSeconds?: number;
        /**
         * Seconds a stopped run's Locust gets to stop by itself (told by the webhook's
         * answer) before its namespace is deleted. Default 15.
         */
        stopGraceSeconds?: number;
        /**
         * Seconds past the start timeout and the run's duration before Kubernetes stops its
         * Jobs (activeDeadlineSeconds): time to stop and deliver the final statistics. Default 240.
         */
        deadlineSlackSeconds?: number;
        /** Seconds finished Jobs are kept. Default 600. */
        ttlSecondsAfterFinished?: number;
        /** Minutes between sweeps of namespaces of finished or unknown runs. Default 10. */
        sweepIntervalMinutes?: number;
        /** Folder where the logs of finished runs are kept. Default `<os tmpdir>/backstage-load-testing`. */
        workDir?: string;
        /**
         * Paths of YAML templates replacing the ones shipped with the backend. See the
         * README for the values a template can use.
         */
        templates?: {
          namespace?: string;
          secret?: string;
          configMap?: string;
          masterService?: string;
          masterJob?: string;
          workerJob?: string;
          networkPolicy?: string;
        };
      };
    };
    webhook?: {
      /**
       * Base URL of this plugin as the monitor reaches it, e.g.
       * `http://127.0.0.1:7007/api/load-testing`. Default: the discovery service's internal URL.
       */
      baseUrl?: string;
      /**
       * Key from which per-run webhook secrets are derived. Default: a random key
       * per backend process (runs do not survive a restart's re-keying).
       * @visibility secret
       */
      signingKey?: string;
      /** Seconds a signed delivery stays valid. Default 300. */
      toleranceSeconds?: number;
    };
    targets?: {
      /**
       * Base URLs runs may target; `*` matches any characters within the host or
       * port, e.g. `http://127.0.0.1:*` or `https://*.staging.example.com`.
       * Empty means no run may start.
       */
      allow?: string[];
    };
    limits?: {
      /** Default 1000. */
      maxUsers?: number;
      /** Default 8. */
      maxWorkers?: number;
      /** Default 3600. */
      maxDurationSeconds?: number;
      /** Runs not yet finished per entity. Default 2. */
      maxConcurrentRunsPerEntity?: number;
      /**
       * Bytes a node's log may hold (local executor). The monitor stops writing at half;
       * a log past the whole stops the run. Default 32 MiB.
       */
      maxLogBytes?: number;
    };
    /** Monitor reporting interval in seconds. Default 5. */
    sampleIntervalSeconds?: number;
    /**
     * Runs (and plan versions) above any of these rules wait in `awaiting-approval` until
     * a user with `load-testing.run.approve` on the entity approves them.
     */
    approvals?: {
      rules?: {
        /** Peak users (the largest stage) above which a run waits. */
        aboveUsers?: number;
        aboveWorkers?: number;
        /** The run's time limit, in minutes. */
        aboveMinutes?: number;
        /** Estimated (workers × CPU request + the master's) × hours. */
        aboveCoreHours?: number;
      };
      /**
       * How long an approval waits before it expires and its run is cancelled.
       * Default 24 hours.
       */
      expiresAfter?:
        | { days?: number; hours?: number; minutes?: number; seconds?: number }
        | string;
      /** Whether the user who started a run may approve it. Default false. */
      allowSelfApproval?: boolean;
      /**
       * Users and groups (entity refs, e.g. `group:default/platform`) notified when an
       * approval waits. Default: the entity's owners.
       */
      notify?: string[];
    };
    /**
     * Notifications through Backstage's notifications backend: the entity's owners when
     * a plan run fails or is inconclusive, approvers when an approval waits, the
     * requester when it is decided. Without the notifications backend, sends fail and
     * are logged.
     */
    notifications?: {
      /** Default true. */
      enabled?: boolean;
    };
    /**
     * Budgets of CPU-core-hours over the rolling last 24 hours (`day`) and 7 days
     * (`week`). A run is counted for its estimate while it waits or runs, and for the
     * share of it that really ran once it ended; a run over a budget is refused.
     */
    quotas?: {
      perEntity?: { day?: number; week?: number };
      /** Per owning group (the entity's spec.owner when the run was admitted). */
      perGroup?: { day?: number; week?: number };
      /** CPU cores a local worker (and the local master) counts for. Default 1. */
      localCoresPerWorker?: number;
    };
  };
}
