export { loadConfig, runtimeEnv, orgRolesEnv, ConfigError, type RuntimeConfig } from './config.js';
export { startRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
export { MembershipFeed, type RoleCache } from './membership-feed.js';
export { RuntimeModule, DATABASE, LOGGER } from './runtime.module.js';
export { runUntilSignal, type RunningService } from './run-until-signal.js';
export { closeInOrder, type CloseStep } from './close-in-order.js';
export { systemClock, ManualClock, type Clock } from './clock.js';
export { Periodic, type PeriodicOptions } from './periodic.js';
export { outboxController } from './outbox.http.controller.js';
