/**
 * The load generator, in its own process (bench/run.ts spawns it once per scenario), so that
 * making requests and reading answers does not slow the server it measures. It reads a scenario
 * as JSON from its argument, drives it with autocannon and prints the result as one JSON line.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { screeningFacts } from '../src/server/demo/payloads.ts';

export interface LoadScenario {
  name: string;
  baseUrl: string;
  connections: number;
  /** Seconds measured, after `warmupSeconds` not measured. */
  duration: number;
  /** Instead of a duration: this many requests in all (the short mode: proves it works, however slow). */
  amount?: number;
  warmupSeconds: number;
  headers: Record<string, string>;
  /** GET these paths in turn (one request each), e.g. many episode pages. */
  paths?: string[];
  /**
   * Save a screening call on these episodes in turn: each save carries the version the last
   * answer gave, and an episode is used by one connection at a time, so every save succeeds.
   */
  screenings?: { id: string; version: number; side: 'left' | 'right' }[];
  /**
   * After the measured run, the latency a user meets when the server is not saturated: the same
   * requests at a steady rate of `fraction` of the throughput just measured, for `seconds` (or
   * `amount` requests). At saturation a closed loop of 50 connections only measures its own queue
   * (50 ÷ throughput); at a quarter of capacity the tail is the server's own.
   */
  paced?: { fraction: number; seconds?: number; amount?: number };
}

export interface PacedResult {
  rate: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface LoadResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Requests sent while warming up (not measured). */
  warmupRequests: number;
  paced?: PacedResult;
}

type Request = autocannon.Request & { path?: string };

function requestsOf(s: LoadScenario): autocannon.Request[] {
  if (s.screenings) {
    const free = [...s.screenings];
    return [
      {
        method: 'POST',
        setupRequest: (req: Request, context: Record<string, unknown>) => {
          const e = free.shift();
          if (!e) throw new Error('more connections than episodes to screen');
          context.episode = e;
          return {
            ...req,
            path: `/api/episodes/${e.id}/screenings`,
            headers: { ...s.headers, 'content-type': 'application/json' },
            body: JSON.stringify({ ...screeningFacts(e.side), version: e.version }),
          };
        },
        onResponse: (status: number, body: string, context: Record<string, unknown>) => {
          const e = context.episode as NonNullable<LoadScenario['screenings']>[number];
          // The episode's version comes first in the answer (Episode's fields lead EpisodeDetail).
          const version = /"version":(\d+)/.exec(body)?.[1];
          if (status === 200 && version) e.version = Number(version);
          free.push(e);
        },
      } as autocannon.Request,
    ];
  }
  if (s.paths) {
    let next = 0;
    const paths = s.paths;
    return [
      {
        method: 'GET',
        setupRequest: (req: Request) => ({ ...req, path: paths[next++ % paths.length]! }),
      } as autocannon.Request,
    ];
  }
  return [{ method: 'GET' }];
}

async function run(s: LoadScenario, duration: number): Promise<LoadResult> {
  const r = await autocannon({
    url: s.baseUrl,
    connections: s.connections,
    ...(s.amount ? { amount: s.amount } : { duration }),
    headers: s.headers,
    requests: requestsOf(s),
  });
  return {
    reqPerSec: r.requests.total / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    warmupRequests: 0,
  };
}

/**
 * The paced phase, an open loop: request i is due at start + i ÷ rate, whether or not earlier
 * answers came back, over at most `connections` kept-alive sockets. Its latency counts from when it
 * was due, so a request that waited for a socket behind a slow one is measured as late as its user
 * would find it (no coordinated omission). Written here because autocannon's own rate limit sends
 * each second's quota in one burst at the top of the second, which measures the burst's queue.
 */
async function paced(s: LoadScenario, rate: number, seconds: number, amount?: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: s.connections });
  const base = new URL(s.baseUrl);
  const total = amount ?? Math.round(rate * seconds);
  const free = [...(s.screenings ?? [])];
  let next = 0;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const one = async (due: number) => {
    const headers: Record<string, string> = { ...s.headers };
    const episode = s.screenings ? free.shift() : undefined;
    if (s.screenings && !episode) throw new Error('more saves in flight than episodes to screen');
    const path = episode ? `/api/episodes/${episode.id}/screenings` : s.paths![next++ % s.paths!.length]!;
    const body = episode
      ? JSON.stringify({ ...screeningFacts(episode.side), version: episode.version })
      : undefined;
    if (body) headers['content-type'] = 'application/json';
    try {
      const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          { host: base.hostname, port: base.port, path, method: body ? 'POST' : 'GET', headers, agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      latencies.push(performance.now() - due);
      if (answer.status < 200 || answer.status >= 300) non2xx++;
      const version = /"version":(\d+)/.exec(answer.text)?.[1];
      if (episode && answer.status === 200 && version) episode.version = Number(version);
    } catch {
      errors++;
    } finally {
      if (episode) free.push(episode);
    }
  };
  const start = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent.push(one(due));
  }
  await Promise.all(sent);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    reqPerSec: latencies.length / ((performance.now() - start) / 1000),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    requests: latencies.length,
    non2xx,
    errors,
    warmupRequests: 0,
  };
}

/**
 * Saves cut off when a phase ends may have changed their episode unseen: each phase (warm-up,
 * measured, paced) screens its own share of the episodes.
 */
function phases(s: LoadScenario): LoadScenario[] {
  const n = 1 + (s.warmupSeconds > 0 ? 1 : 0) + (s.paced ? 1 : 0);
  if (!s.screenings) return Array.from({ length: n }, () => s);
  const share = Math.floor(s.screenings.length / n);
  return Array.from({ length: n }, (_, i) => ({
    ...s,
    screenings: s.screenings!.slice(i * share, (i + 1) * share),
  }));
}

const scenario = JSON.parse(process.argv[2] ?? '{}') as LoadScenario;
const shares = phases(scenario);
let warmupRequests = 0;
if (scenario.warmupSeconds > 0) {
  warmupRequests = (await run(shares.shift()!, scenario.warmupSeconds)).requests;
}
const result: LoadResult = { ...(await run(shares.shift()!, scenario.duration)), warmupRequests };
if (scenario.paced) {
  const { fraction, seconds = 5, amount } = scenario.paced;
  const rate = Math.max(1, Math.round(result.reqPerSec * fraction));
  // The saturated run ends with its connections' requests still in the server: it works them
  // off (about one p99 of the run) after the generator has gone. Starting at once, the first
  // paced requests would queue behind them and measure that backlog, not a busy server's answer.
  await new Promise((r) => setTimeout(r, Math.max(500, 2 * result.p99Ms)));
  const p = await paced(shares.shift()!, rate, seconds, amount);
  result.paced = {
    rate,
    p50Ms: p.p50Ms,
    p99Ms: p.p99Ms,
    requests: p.requests,
    non2xx: p.non2xx,
    errors: p.errors,
  };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
