/** Server-sent events: the catalogue and every launch's inspector listen here for what changes. */
import type {IncomingMessage, ServerResponse} from 'node:http';

export interface Topic {
  learner?: string;
  course?: string;
  format?: string;
}

interface Client {
  res: ServerResponse;
  topic: Topic;
  /** `catalogue` clients get course and record changes of every course; `launch` clients those of their key */
  kind: 'catalogue' | 'launch';
}

export class EventHub {
  private clients = new Set<Client>();
  private heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) c.res.write(': keep-alive\n\n');
    }, 15000);
    this.heartbeat.unref();
  }

  /** Opens an event stream; `initial` events are sent first (the state so far). */
  open(
    req: IncomingMessage,
    res: ServerResponse,
    topic: Topic,
    kind: Client['kind'],
    initial: {event: string; data: unknown}[] = [],
  ): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    const client: Client = {res, topic, kind};
    this.clients.add(client);
    for (const e of initial) send(res, e.event, e.data);
    req.on('close', () => this.clients.delete(client));
  }

  /** Sends to every client whose topic matches (undefined fields of the event's topic match everyone). */
  publish(event: string, data: unknown, about: Topic, to: 'all' | 'launch' | 'catalogue' = 'all'): void {
    for (const c of this.clients) {
      if (to !== 'all' && c.kind !== to) continue;
      const t = c.topic;
      if (
        c.kind === 'launch' &&
        (t.learner !== about.learner || t.course !== about.course || t.format !== about.format)
      )
        continue;
      if (c.kind === 'catalogue' && about.learner && t.learner && t.learner !== about.learner) continue;
      send(c.res, event, data);
    }
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
