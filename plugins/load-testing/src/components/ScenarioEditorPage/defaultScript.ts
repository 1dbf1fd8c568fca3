/** The script a new scenario starts from: the sample shop API of the dev portal. */
export const DEFAULT_SCENARIO_NAME = 'Browse and order';

export const DEFAULT_SCRIPT = `import random

from locust import HttpUser, between, task


class Shopper(HttpUser):
    """Browses the catalog of items and now and then places an order."""

    # think time between two actions of one user, in seconds
    wait_time = between(0.5, 1.5)

    def on_start(self):
        # learn real item ids so item and order requests hit existing items
        response = self.client.get("/api/items")
        try:
            body = response.json()
            items = body.get("items", []) if isinstance(body, dict) else body
            self.item_ids = [item["id"] for item in items if "id" in item] or [1]
        except (ValueError, TypeError, KeyError):
            self.item_ids = [1]

    @task(5)
    def list_items(self):
        self.client.get("/api/items")

    @task(3)
    def get_item(self):
        item_id = random.choice(self.item_ids)
        # one name for all ids, so the results group them as one endpoint
        self.client.get(f"/api/items/{item_id}", name="/api/items/:id")

    @task(1)
    def place_order(self):
        self.client.post(
            "/api/orders",
            json={"itemId": random.choice(self.item_ids), "quantity": random.randint(1, 3)},
        )
`;
