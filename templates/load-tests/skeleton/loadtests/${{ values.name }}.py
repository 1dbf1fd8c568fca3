"""${{ values.title }} of ${{ values.component }}.

Written by the Load Tests template "${{ values.templateName }}": a Locust file
(https://docs.locust.io) to edit freely. Paths are relative to the run's target host.
"""
{%- if values.kind == 'write-auth' %}
import os
{%- endif %}

from locust import HttpUser, between, task
{%- if values.kind == 'staged-ramp' %}
from locust import LoadTestShape
{%- endif %}


class ServiceUser(HttpUser):
{%- if values.kind == 'soak' %}
    # a steady, realistic pace for hours: leaks and slow degradation show over time
    wait_time = between(1, 3)
{%- else %}
    wait_time = between(0.5, 1.5)
{%- endif %}
{%- if values.kind == 'write-auth' %}

    def on_start(self):
        # the token comes from the run's variables (on Kubernetes: a secret variable)
        self.client.headers["Authorization"] = f"Bearer {os.environ.get('API_TOKEN', '')}"

    @task(3)
    def write(self):
        self.client.post("${{ values.writePath }}", json={"item": 1, "quantity": 1})

    @task(1)
    def read(self):
        self.client.get("${{ values.readPath }}")
{%- else %}

    @task(9)
    def read(self):
        self.client.get("${{ values.readPath }}")

    @task(1)
    def health(self):
        self.client.get("/health", name="health")
{%- endif %}
{%- if values.kind == 'staged-ramp' %}


class Ramp(LoadTestShape):
    """Up to ${{ values.users }} users in steps, held, then down: where does it bend?"""

    steps = [(0.25, 60), (0.5, 120), (0.75, 180), (1.0, 270), (0.5, 300)]

    def tick(self):
        run_time = self.get_run_time()
        for share, until in self.steps:
            if run_time < until:
                users = max(1, round(${{ values.users }} * share))
                return (users, max(1, users // 10))
        return None
{%- endif %}
