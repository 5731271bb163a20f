import type { DynamicModule, Type } from '@nestjs/common';
import { TokenVerifier } from '@ops/auth';
import { createHttpApp, type HttpAppOptions, type NestFastifyApplication } from '@ops/http';
import type { Logger } from '@ops/logger';
import { JetStreamServer, type JetStreamServerOptions } from '@ops/messaging';
import { closeInOrder, type CloseStep } from './close-in-order.js';
import { listenOnLoopback } from './listen.js';
import { startRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

/** What a service's consumer says of its own; the connection, stream and logger come from the kit. */
export type ConsumerOptions = Omit<JetStreamServerOptions, 'connection' | 'logger' | 'stream' | 'subjectPrefix'> & {
  /** The `component` of the consumer's log lines. Default its durable name. */
  component?: string;
};

/** Where a service listens and how its start is logged. */
export interface ListenOptions {
  port: number;
  host: string;
  /** The start line's message, e.g. `user service listening`. */
  message: string;
  /** More fields for the start line. */
  details?: Record<string, unknown>;
}

/**
 * The way every service with a database starts: the runtime (configuration checks, database and migrations,
 * NATS, the outbox relay), the token verifier, its JetStream consumers, its HTTP app (health and metrics come
 * with RuntimeModule), listening, and one ordered shutdown. A service's start file keeps only what is its own:
 * its module, its consumers' filters, its rate limits and its periodic jobs.
 *
 * Shutdown order: the steps given to `closeFirst` (stop taking new work), the HTTP server with the consumers
 * attached to it, the steps given to `closeAfterHttp` in the order given, then the runtime.
 */
export class ServiceKit {
  private app: NestFastifyApplication | undefined;
  private readonly consumers: JetStreamServer[] = [];
  private readonly first: CloseStep[] = [];
  private readonly afterHttp: CloseStep[] = [];

  private constructor(readonly runtime: Runtime) {}

  /** Opens the runtime; the kit owns it from now on (its `close` closes it). */
  static async open(options: RuntimeOptions): Promise<ServiceKit> {
    return new ServiceKit(await startRuntime(options));
  }

  get logger(): Logger {
    return this.runtime.logger;
  }

  /**
   * Verifies tokens against the user service's key set at `jwksUrl`, refusing revoked ones. The runtime must
   * follow revocations (`revocations: true`).
   */
  tokenVerifier(jwksUrl: string): TokenVerifier {
    const revocations = this.runtime.revocations;
    if (!revocations) throw new Error(`${this.runtime.service}: a token verifier needs the runtime to follow revocations`);
    return new TokenVerifier({ jwksUrl, isRevoked: (principal) => revocations.isRevoked(principal) });
  }

  /** A durable consumer of the events stream, started with the HTTP app by `listen`. */
  consumer(options: ConsumerOptions): JetStreamServer {
    const { component, ...own } = options;
    const server = new JetStreamServer({
      ...own,
      connection: this.runtime.nats,
      logger: this.logger.child({ component: component ?? own.durable }),
      stream: this.runtime.stream.name,
      subjectPrefix: this.runtime.stream.subjectPrefix,
    });
    this.consumers.push(server);
    return server;
  }

  /** The service's HTTP app, logging through the runtime's logger. One per kit. */
  async httpApp(module: Type<unknown> | DynamicModule, options: Omit<HttpAppOptions, 'logger'> = {}): Promise<NestFastifyApplication> {
    if (this.app) throw new Error(`${this.runtime.service}: the HTTP app is already created`);
    this.app = await createHttpApp(module, { ...options, logger: this.logger, service: this.runtime.service });
    return this.app;
  }

  /** Attaches the consumers to the app, starts them, listens, and returns the URL to reach the service on. */
  async listen(options: ListenOptions): Promise<string> {
    const app = this.requireApp();
    for (const strategy of this.consumers) app.connectMicroservice({ strategy }, { inheritAppConfig: true });
    if (this.consumers.length > 0) await app.startAllMicroservices();
    return listenOnLoopback(app, options, this.logger);
  }

  /** A step run before the HTTP server closes: stop taking new work so that work under way can finish. */
  closeFirst(what: string, close: () => Promise<unknown>): void {
    this.first.push([what, close]);
  }

  /** A step run after the HTTP server and consumers closed and before the runtime does, in the order added. */
  closeAfterHttp(what: string, close: () => Promise<unknown>): void {
    this.afterHttp.push([what, close]);
  }

  /** Closes everything once, in order, logging each step (closeInOrder). */
  close(): Promise<void> {
    const app = this.app;
    return closeInOrder(this.logger, [
      ...this.first,
      // The consumers are the app's microservices: they close with it.
      ...(app ? [['HTTP server closed', () => app.close()] as const] : []),
      ...this.afterHttp,
      ['runtime closed', () => this.runtime.close()],
    ]);
  }

  private requireApp(): NestFastifyApplication {
    if (!this.app) throw new Error(`${this.runtime.service}: create the HTTP app before listening`);
    return this.app;
  }
}
