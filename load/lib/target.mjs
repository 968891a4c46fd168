// A service under load: started by this run (pid known) or already running at a URL (--url).
import { residentBytes } from './platform.mjs';

/**
 * A running service given by URL. The token comes from LOAD_TOKEN, or from logging in at the registry
 * (REGISTRY_URL, default the URL itself when it is the registry) with ADMIN_EMAIL / ADMIN_PASSWORD.
 */
export async function targetFromUrl(ctx, service) {
  let token = process.env.LOAD_TOKEN;
  if (!token) {
    const registryUrl = process.env.REGISTRY_URL ?? (service === 'registry' ? ctx.url : null);
    const email = process.env.ADMIN_EMAIL;
    const password = process.env.ADMIN_PASSWORD;
    if (!registryUrl || !email || !password) {
      throw new Error(
        '--url needs LOAD_TOKEN, or REGISTRY_URL (for a service other than the registry) with ADMIN_EMAIL and ADMIN_PASSWORD',
      );
    }
    const res = await fetch(`${registryUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login at ${registryUrl} failed: ${res.status}`);
    token = (await res.json()).accessToken;
  }
  return { url: ctx.url.replace(/\/$/, ''), pid: null, token };
}

/** Resident memory in MB: VmRSS when the process is ours, else process_resident_memory_bytes from /metrics. */
export async function memoryOf(target) {
  if (target.pid) {
    const bytes = residentBytes(target.pid);
    return bytes == null ? null : Math.round((bytes / 2 ** 20) * 10) / 10;
  }
  try {
    const text = await (await fetch(`${target.url}/metrics`)).text();
    const m = /^process_resident_memory_bytes(?:\{[^}]*\})?\s+([0-9.e+]+)/m.exec(text);
    return m ? Math.round((Number(m[1]) / 2 ** 20) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** The peak resident memory of a scenario's steps; for a service given by URL (no pid to sample), its memory after the load. */
export async function peakOf(rows, target) {
  const peak = Math.max(0, ...rows.map((r) => r.rssPeakMb ?? 0));
  return peak || (await memoryOf(target));
}
