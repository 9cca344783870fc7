// A tiny promise wrapper over IndexedDB: one database with one object store of key → value, read
// whole and written one record at a time. Writes resolve when their transaction has committed.

/** What the answer journal needs from storage; tests use an in-memory fake of it. */
export interface KeyValueStore {
  /** Every record, in key order. */
  entries(): Promise<[key: string, value: unknown][]>;
  /** Stores `value` under `key`; resolves once committed to disk. */
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  close(): void;
}

function requestResult<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

function openDatabase(name: string, store: string, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(store)) req.result.createObjectStore(store);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB could not be opened"));
    req.onblocked = () => console.warn(`IndexedDB ${name} is blocked by another tab`);
  });
}

class IdbStore implements KeyValueStore {
  constructor(
    private readonly db: IDBDatabase,
    private readonly store: string,
  ) {
    // Another tab upgrading or deleting the database: let it, this page's writes then fail loudly.
    db.onversionchange = () => db.close();
  }

  async entries(): Promise<[string, unknown][]> {
    const tx = this.db.transaction(this.store, "readonly");
    const os = tx.objectStore(this.store);
    const [keys, values] = await Promise.all([requestResult(os.getAllKeys()), requestResult(os.getAll())]);
    return keys.map((k, i) => [String(k), values[i]]);
  }

  put(key: string, value: unknown): Promise<void> {
    // "strict": the commit waits for the disk, so a power cut after it loses nothing.
    const tx = this.db.transaction(this.store, "readwrite", { durability: "strict" });
    const done = committed(tx);
    tx.objectStore(this.store).put(value, key);
    return done;
  }

  delete(key: string): Promise<void> {
    const tx = this.db.transaction(this.store, "readwrite");
    const done = committed(tx);
    tx.objectStore(this.store).delete(key);
    return done;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Opens (creating it if needed) database `name` with object store `store`. A database that exists
 * without the store (made by someone else) is upgraded to hold it.
 */
export async function openKeyValueStore(name: string, store: string): Promise<KeyValueStore> {
  if (typeof indexedDB === "undefined") throw new Error("IndexedDB is not available");
  let db = await openDatabase(name, store);
  if (!db.objectStoreNames.contains(store)) {
    const version = db.version + 1;
    db.close();
    db = await openDatabase(name, store, version);
  }
  return new IdbStore(db, store);
}
