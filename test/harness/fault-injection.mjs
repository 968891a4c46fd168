// Fault injection for the platform's chaos tests, loaded only by the test harness (`node --import` this file
// services/<name>/dist/main.js, see ServiceProcess.start in platform.ts); production never loads it.
//
// FAULT_RELAY_EXIT_AFTER_PUBLISH=<n>: the process exits with code 137 (as if killed) after its outbox relay
// has had <n> batches acknowledged by JetStream and before it marks the last one published (the kit's
// OutboxRelay.afterPublish test seam). Without the variable this file does nothing.
const batches = Number(process.env.FAULT_RELAY_EXIT_AFTER_PUBLISH ?? '');

if (Number.isInteger(batches) && batches > 0) {
  // The same module instance the service imports (both resolve @collabo/service-kit to libs/service-kit/dist).
  const { OutboxRelay } = await import('@collabo/service-kit');
  const start = OutboxRelay.prototype.start;
  let published = 0;
  OutboxRelay.prototype.start = function startWithFault() {
    this.afterPublish = async (ids) => {
      if (++published < batches) return;
      process.stderr.write(
        `${JSON.stringify({ level: 40, time: Date.now(), events: ids.length, msg: 'FAULT_RELAY_EXIT_AFTER_PUBLISH: exiting after publish, before mark' })}\n`,
      );
      process.exit(137);
    };
    return start.call(this);
  };
} else if (process.env.FAULT_RELAY_EXIT_AFTER_PUBLISH) {
  throw new Error(`FAULT_RELAY_EXIT_AFTER_PUBLISH must be a positive integer (got ${process.env.FAULT_RELAY_EXIT_AFTER_PUBLISH})`);
}
