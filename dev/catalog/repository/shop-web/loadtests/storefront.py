"""Shoppers browsing the storefront: the catalog, then a few items."""
import random

from locust import HttpUser, between, task


class Shopper(HttpUser):
    wait_time = between(0.5, 1.5)

    @task(3)
    def catalog(self):
        self.client.get("/api/items")

    @task(2)
    def item(self):
        self.client.get(f"/api/items/{random.randint(1, 50)}", name="/api/items/:id")
