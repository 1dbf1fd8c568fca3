"""Load Tests stage shape: users over time from LT_STAGES.

LT_STAGES is a JSON list of {"duration": end second, "users": n, "spawnRate": r}; the run
stops after the last stage. Loaded on the master only, next to the user's locustfile.
"""

import json
import os

from locust import LoadTestShape


class StagesShape(LoadTestShape):
    stages = json.loads(os.environ.get("LT_STAGES", "[]"))

    def tick(self):
        run_time = self.get_run_time()
        for stage in self.stages:
            if run_time < stage["duration"]:
                return (stage["users"], stage["spawnRate"])
        return None
