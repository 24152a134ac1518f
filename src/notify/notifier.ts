import type { z } from 'zod';
import type { Clock } from '../domain/clock.js';
import type { MessageKind, NotificationMessage } from './message.js';
import type { OutboundPolicy } from './ssrf-guard.js';

/**
 * The Notifier port: what the dispatcher asks of an outbound channel. One folder per channel
 * (slack/, teams/, email/, webhook/, pagerduty/) exports a `ChannelDefinition`; registry.ts maps
 * `kind` to it, so a new channel is a new folder plus one line in the registry.
 *
 * Contract for implementers and the dispatcher:
 * - `send` never throws for an expected failure; it answers a `DeliveryResult` value.
 * - `retryable` is the channel's judgement (HTTP 408/429/5xx, timeouts, network errors, SMTP 4yz);
 *   `retryAfterMs` is the receiver's own wish (Retry-After) and should win over backoff.
 * - The same message may be sent again after a crash: it carries `idempotencyKey`, which every
 *   channel passes on where the receiver can use it (Idempotency-Key header, Message-ID, dedup_key).
 * - Error text never holds a secret (a URL with a token, a password, a routing key).
 */
export type DeliveryErrorCode =
  | 'http' // the receiver answered with a failing status
  | 'redirect' // the receiver answered 3xx; redirects are not followed
  | 'timeout'
  | 'network' // connection refused, reset, DNS failure
  | 'refused' // the SSRF guard refused the address
  | 'aborted'
  | 'rejected' // SMTP: the server rejected the message or a recipient
  | 'unsupported'; // this channel does not carry this message kind

export type DeliveryResult =
  | {
      ok: true;
      /** HTTP status, or the SMTP reply code. */
      status: number;
      /** The receiver's id for the delivery when it gives one (SMTP queue id, PagerDuty dedup_key). */
      reference?: string;
    }
  | {
      ok: false;
      retryable: boolean;
      retryAfterMs?: number;
      status?: number;
      error: string;
      code?: DeliveryErrorCode;
    };

export interface SendOptions {
  /** Cancels the delivery (the dispatcher shutting down). */
  signal?: AbortSignal;
}

export interface Notifier {
  readonly kind: string;
  /** False for kinds the channel cannot carry (PagerDuty takes no digests); route around them. */
  supports(kind: MessageKind): boolean;
  send(message: NotificationMessage, options?: SendOptions): Promise<DeliveryResult>;
  /** Sends a `test` kind message, the "send a test message" button. */
  sendTest(options?: SendOptions & { idempotencyKey?: string }): Promise<DeliveryResult>;
}

export interface NotifierDeps {
  /** From `security.allowOutboundCidrs`, via `outboundPolicy()`. */
  policy: OutboundPolicy;
  clock: Clock;
  /** Per-request limit unless the channel config sets its own; default 10 000 ms. */
  timeoutMs?: number;
  /** Vigil's base URL (`server.publicUrl`), linked from test messages. */
  publicUrl?: string;
}

/** An outbound address of a channel, checked by the SSRF guard when the channel is saved. */
export type ChannelTarget = { field: string; url: string } | { field: string; host: string };

export interface ChannelDefinition<C extends { kind: string }> {
  kind: C['kind'];
  /** Shown in the UI: "Slack", "Microsoft Teams" … */
  label: string;
  schema: z.ZodType<C>;
  /**
   * Dotted paths of the write-only fields. The API stores them encrypted and never returns them;
   * `splitSecrets` / `mergeSecrets` in registry.ts move them in and out of a config.
   */
  secretFields: readonly string[];
  targets(config: C): ChannelTarget[];
  create(config: C, deps: NotifierDeps): Notifier;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
