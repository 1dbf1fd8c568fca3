"""Shoppers browse the sample shop API: list items, open one, now and then order."""

import random

from locust import FastHttpUser, between, task


class Shopper(FastHttpUser):
    wait_time = between(0.05, 0.2)

    @task(6)
    def list_items(self):
        self.client.get("/api/items")

    @task(3)
    def open_item(self):
        # one name for all ids, so they are one endpoint in the results
        self.client.get(f"/api/items/{random.randint(1, 1000)}", name="/api/items/:id")

    @task(1)
    def order(self):
        self.client.post("/api/orders", json={"itemId": random.randint(1, 1000), "quantity": 1})

    @task(1)
    def slow_search(self):
        self.client.get("/api/slow?ms=120", name="/api/slow")
