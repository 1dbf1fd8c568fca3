import Router from 'express-promise-router';
import { RouterOptions } from './index';
import { caller } from './credentials';

export function scenariosRouter({ httpAuth, scenarios }: RouterOptions) {
  const router = Router();
  router.get('/', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    const items = await scenarios.list(
      req.query.entityRef as string | undefined,
      credentials,
    );
    res.json({ items });
  });
  router.post('/', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res
      .status(201)
      .json(await scenarios.create(req.body, credentials, userRef));
  });
  router.get('/:scenarioId', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(await scenarios.get(req.params.scenarioId, credentials));
  });
  router.put('/:scenarioId', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(
      await scenarios.update(req.params.scenarioId, req.body, credentials),
    );
  });
  router.delete('/:scenarioId', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    await scenarios.delete(req.params.scenarioId, credentials);
    res.status(204).end();
  });
  return router;
}
