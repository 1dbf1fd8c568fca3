export interface Config {
  /** Configuration of the Load Tests plugin. */
  loadTesting?: {
    /** Executor used when a run does not name one. Default `local` when enabled. */
    defaultExecutor?: 'local' | 'kubernetes';
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
    };
    /** Monitor reporting interval in seconds. Default 5. */
    sampleIntervalSeconds?: number;
  };
}
