/**
 * The simulation environment: a virtual clock, the event calendar and the
 * three verbs of a discrete-event engine (schedule, step, run), in the
 * spirit of SimPy's core. It knows nothing about PoQ.
 *
 * Events are (type, payload) pairs of integers. A model registers one
 * handler per event type; the handler receives the payload (usually an
 * index into the model's own typed arrays) and may schedule further events.
 *
 * RxJS is the observation layer: `trace$` and `progress$` are streams that
 * loggers, progress bars and metrics subscribe to. They cost one boolean
 * check per event while nobody listens.
 */
import { type Observable, Subject } from 'rxjs';
import { Calendar, MAX_PRIORITY } from './calendar.js';

export type EventHandler = (payload: number) => void;

export interface TracedEvent {
  readonly time: number;
  readonly type: string;
  readonly payload: number;
  readonly index: number;
}

export interface Progress {
  readonly events: number;
  readonly time: number;
}

export interface StopConditions {
  /** Virtual time at which the run stops; events at or after it are not processed. */
  readonly untilTime?: number;
  /** Maximum number of events to process in this call. */
  readonly maxEvents?: number;
}

export type StopReason = 'empty' | 'time' | 'events' | 'stopped';

const PROGRESS_EVERY = 1 << 16;

export class Environment {
  private readonly calendar = new Calendar();
  private readonly handlers: EventHandler[] = [];
  private readonly typeNames: string[] = [];
  private readonly traceSubject = new Subject<TracedEvent>();
  private readonly progressSubject = new Subject<Progress>();
  private stopRequested = false;
  private clock = 0;
  private processed = 0;

  /** Every processed event, emitted only while subscribed. For tracing and debugging. */
  readonly trace$: Observable<TracedEvent> = this.traceSubject.asObservable();
  /** A snapshot every 65,536 events and once at the end of each `run`. */
  readonly progress$: Observable<Progress> = this.progressSubject.asObservable();

  get now(): number {
    return this.clock;
  }

  get eventsProcessed(): number {
    return this.processed;
  }

  get pending(): number {
    return this.calendar.size;
  }

  /** Registers an event type and its handler; returns the type's numeric id. */
  defineEventType(name: string, handler: EventHandler): number {
    this.handlers.push(handler);
    this.typeNames.push(name);
    return this.handlers.length - 1;
  }

  /** Schedules an event `delay` time units from now. Lower priority runs first at equal times. */
  schedule(delay: number, type: number, payload = 0, priority = 0): void {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule an event ${delay} time units in the past`);
    this.scheduleAt(this.clock + delay, type, payload, priority);
  }

  scheduleAt(time: number, type: number, payload = 0, priority = 0): void {
    if (!(time >= this.clock)) throw new RangeError(`cannot schedule an event at ${time}, before now (${this.clock})`);
    if (type < 0 || type >= this.handlers.length) throw new RangeError(`unknown event type ${type}`);
    if (priority < 0 || priority > MAX_PRIORITY || !Number.isInteger(priority)) {
      throw new RangeError(`priority must be an integer in [0, ${MAX_PRIORITY}], got ${priority}`);
    }
    this.calendar.push(time, priority, type, payload);
  }

  /** Processes the next event. Returns false when the calendar is empty. */
  step(): boolean {
    const calendar = this.calendar;
    if (!calendar.pop()) return false;
    this.clock = calendar.poppedTime;
    this.processed++;
    const type = calendar.poppedType;
    const payload = calendar.poppedPayload;
    if (this.traceSubject.observed) {
      this.traceSubject.next({ time: this.clock, type: this.typeNames[type]!, payload, index: this.processed });
    }
    this.handlers[type]!(payload);
    if ((this.processed & (PROGRESS_EVERY - 1)) === 0 && this.progressSubject.observed) {
      this.progressSubject.next({ events: this.processed, time: this.clock });
    }
    return true;
  }

  /** Asks a running `run` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  run(conditions: StopConditions = {}): StopReason {
    const untilTime = conditions.untilTime ?? Number.POSITIVE_INFINITY;
    const eventLimit = this.processed + (conditions.maxEvents ?? Number.POSITIVE_INFINITY);
    const calendar = this.calendar;
    this.stopRequested = false;
    let reason: StopReason;
    for (;;) {
      if (this.stopRequested) {
        reason = 'stopped';
        break;
      }
      if (calendar.size === 0) {
        reason = 'empty';
        break;
      }
      if (calendar.peekTime() >= untilTime) {
        this.clock = untilTime;
        reason = 'time';
        break;
      }
      if (this.processed >= eventLimit) {
        reason = 'events';
        break;
      }
      this.step();
    }
    if (this.progressSubject.observed) this.progressSubject.next({ events: this.processed, time: this.clock });
    return reason;
  }

  /** Completes the streams; call once the environment is no longer used. */
  close(): void {
    this.traceSubject.complete();
    this.progressSubject.complete();
  }
}
