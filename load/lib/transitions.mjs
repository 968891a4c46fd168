// Proposal transitions under load: a shared queue of proposals standing in `received`; each request takes one
// (so no two connections ever move the same proposal at once), moves it received -> on_hold or back
// (resume), with the If-Match of the version it knows, and puts it back with the new version.

export function transitionDriver(pool, { onMoved } = {}) {
  const queue = pool.map((p) => ({ ...p }));
  const stats = { moved: 0, refused: 0 };
  return {
    stats,
    request(context) {
      const p = queue.shift();
      if (!p) {
        // Only when answers went missing (timeouts) and took their proposals with them: read instead of moving.
        stats.starved = (stats.starved ?? 0) + 1;
        return { path: `/v1/proposals/${pool[0].id}` };
      }
      context.p = p;
      context.sentAt = Date.now();
      return {
        method: 'POST',
        path: `/v1/proposals/${p.id}/transitions`,
        headers: { 'if-match': `"${p.version}"` },
        body: {
          to: p.stage === 'received' ? 'on_hold' : 'received',
          reason: p.stage === 'received' ? '申請者の都合により保留' : '保留解除',
        },
      };
    },
    onResponse(status, body, context) {
      const p = context.p;
      if (!p) return;
      context.p = null;
      if (status === 201) {
        const json = JSON.parse(body);
        p.version = json.proposal.version;
        p.stage = json.proposal.stage.code;
        stats.moved++;
        onMoved?.(json, context.sentAt);
        queue.push(p);
      } else {
        // Out of step (should not happen: each proposal is held by one connection at a time); leave it out.
        stats.refused++;
      }
    },
  };
}
