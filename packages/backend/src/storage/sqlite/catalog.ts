// Interns resources and scopes: each distinct one is stored once and referenced by id from spans, logs
// and metric points, with both directions cached in memory.
import type Database from 'better-sqlite3';
import type { InstrumentationScope, Resource } from '../../otlp/model.js';
import { serviceName } from '../../otlp/model.js';
import { pb } from '../../otlp/proto.js';
import type { StoredResource, StoredScope } from '../store.js';

const EMPTY_RESOURCE = { attributes: [], droppedAttributesCount: 0 };
const EMPTY_SCOPE = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class Catalog {
  private readonly resourceIds = new Map<string, number>();
  private readonly scopeIds = new Map<string, number>();
  private readonly resources = new Map<number, StoredResource>();
  private readonly scopes = new Map<number, StoredScope>();
  private readonly insertResource: Database.Statement;
  private readonly insertScope: Database.Statement;
  private readonly selectResource: Database.Statement;
  private readonly selectScope: Database.Statement;

  constructor(db: Database.Database) {
    this.insertResource = db.prepare(
      'INSERT INTO resources (service, schema_url, data) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET service = service RETURNING id',
    );
    this.insertScope = db.prepare(
      'INSERT INTO scopes (schema_url, data) VALUES (?, ?) ON CONFLICT DO UPDATE SET schema_url = schema_url RETURNING id',
    );
    this.selectResource = db.prepare('SELECT service, schema_url, data FROM resources WHERE id = ?');
    this.selectScope = db.prepare('SELECT schema_url, data FROM scopes WHERE id = ?');
  }

  /** The id of a resource, inserting it on first sight (call inside the write transaction). */
  resourceId(resource: Resource | null | undefined, schemaUrl: string, service: string): number {
    return this.resourceIdOf(pb.Resource.encode(resource ?? EMPTY_RESOURCE).finish(), schemaUrl, service);
  }

  /** The id of a resource given its encoding. */
  resourceIdOf(encoded: Uint8Array, schemaUrl: string, service: string): number {
    const data = asBuffer(encoded);
    const key = schemaUrl + '\n' + data.toString('latin1');
    let id = this.resourceIds.get(key);
    if (id === undefined) {
      id = (this.insertResource.get(service, schemaUrl, data) as { id: number }).id;
      this.resourceIds.set(key, id);
    }
    return id;
  }

  scopeId(scope: InstrumentationScope | null | undefined, schemaUrl: string): number {
    return this.scopeIdOf(pb.InstrumentationScope.encode(scope ?? EMPTY_SCOPE).finish(), schemaUrl);
  }

  /** The id of a scope given its encoding. */
  scopeIdOf(encoded: Uint8Array, schemaUrl: string): number {
    const data = asBuffer(encoded);
    const key = schemaUrl + '\n' + data.toString('latin1');
    let id = this.scopeIds.get(key);
    if (id === undefined) {
      id = (this.insertScope.get(schemaUrl, data) as { id: number }).id;
      this.scopeIds.set(key, id);
    }
    return id;
  }

  /** Forgets ids cached by a transaction that rolled back. */
  forgetUncommitted(): void {
    this.resourceIds.clear();
    this.scopeIds.clear();
  }

  resource(id: number): StoredResource {
    let stored = this.resources.get(id);
    if (!stored) {
      const row = this.selectResource.get(id) as { service: string; schema_url: string; data: Buffer };
      const resource = pb.Resource.decode(row.data) as unknown as Resource;
      stored = { resource, schemaUrl: row.schema_url, serviceName: row.service || serviceName(resource) };
      this.resources.set(id, stored);
    }
    return stored;
  }

  scope(id: number): StoredScope {
    let stored = this.scopes.get(id);
    if (!stored) {
      const row = this.selectScope.get(id) as { schema_url: string; data: Buffer };
      stored = {
        scope: pb.InstrumentationScope.decode(row.data) as unknown as InstrumentationScope,
        schemaUrl: row.schema_url,
      };
      this.scopes.set(id, stored);
    }
    return stored;
  }
}
