import { RunStage } from '@internal/plugin-load-testing-common';

/** A stage as a form edits it: strings until submitted. */
export interface StageValues {
  /** Seconds from the start of the run at which the stage ends. */
  duration: string;
  users: string;
  spawnRate: string;
}

export function toStageValues(stages?: RunStage[] | null): StageValues[] {
  return (stages ?? []).map(s => ({
    duration: String(s.duration),
    users: String(s.users),
    spawnRate: String(s.spawnRate),
  }));
}

function num(v: string): number {
  return v.trim() === '' ? NaN : Number(v.trim());
}

/** The stages to send; a blank cell becomes NaN, which the API's schema names. */
export function fromStageValues(values: StageValues[]): RunStage[] {
  return values.map(v => ({
    duration: num(v.duration),
    users: num(v.users),
    spawnRate: num(v.spawnRate),
  }));
}

/**
 * Users over time of a staged run: each stage moves from the users of the one
 * before towards its own at its spawn rate, then holds until its end. Empty when
 * a stage is incomplete or out of order.
 */
export function stagesCurve(
  stages: RunStage[],
): Array<{ t: number; users: number }> {
  const points = [{ t: 0, users: 0 }];
  let start = 0;
  let users = 0;
  for (const s of stages) {
    const valid =
      Number.isFinite(s.duration) &&
      Number.isFinite(s.users) &&
      s.users >= 0 &&
      s.spawnRate > 0 &&
      s.duration > start;
    if (!valid) return [];
    const reachAt = start + Math.abs(s.users - users) / s.spawnRate;
    if (reachAt >= s.duration) {
      const step = (s.duration - start) * s.spawnRate;
      users = s.users > users ? users + step : users - step;
      points.push({ t: s.duration, users: Math.round(users * 10) / 10 });
    } else {
      users = s.users;
      if (reachAt > start) points.push({ t: round(reachAt), users });
      points.push({ t: s.duration, users });
    }
    start = s.duration;
  }
  return points.length > 1 ? points : [];
}

function round(t: number) {
  return Math.round(t * 100) / 100;
}
