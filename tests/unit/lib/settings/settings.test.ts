import 'fake-indexeddb/auto';
import { unwrap } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { openHearthDB, type HearthDatabase } from '../../../../src/lib/db';
import { InvalidRequestError } from '../../../../src/lib/errors';
import {
  DEFAULT_SETTINGS,
  HUGGING_FACE_HUB,
  normaliseMirrorUrl,
  SettingsRepository,
  withDefaults,
} from '../../../../src/lib/settings';

describe('normaliseMirrorUrl', () => {
  it('keeps a clean https address as it is', () => {
    expect(normaliseMirrorUrl('https://huggingface.co')).toBe('https://huggingface.co');
  });

  it('drops trailing slashes and surrounding spaces', () => {
    expect(normaliseMirrorUrl('https://huggingface.co/')).toBe('https://huggingface.co');
    expect(normaliseMirrorUrl('  https://mirror.example/hf///  ')).toBe('https://mirror.example/hf');
  });

  it('accepts http on this computer, ports and paths', () => {
    expect(normaliseMirrorUrl('http://localhost:4173/models/')).toBe('http://localhost:4173/models');
    expect(normaliseMirrorUrl('http://127.0.0.1:8080/hf')).toBe('http://127.0.0.1:8080/hf');
    expect(normaliseMirrorUrl('http://[::1]:8080')).toBe('http://[::1]:8080');
  });

  it('refuses plain http to another computer: the Content-Security-Policy would block it anyway', () => {
    for (const input of ['http://mirror.example/hf', 'http://10.0.0.5:8080']) {
      expect(() => normaliseMirrorUrl(input)).toThrow(InvalidRequestError);
      expect(() => normaliseMirrorUrl(input)).toThrow(
        'The model mirror must use https://: plain http:// is allowed only for a server on this computer (localhost, 127.x.x.x or [::1]).',
      );
    }
  });

  it('refuses a user name or password in the URL, without repeating them', () => {
    for (const input of ['https://me:s3cret@mirror.example/hf', 'http://me@localhost:8080']) {
      let thrown: unknown = null;
      try {
        normaliseMirrorUrl(input);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidRequestError);
      expect(String(thrown)).toMatch(/must not contain a user name or password/);
      expect(String(thrown)).not.toContain('s3cret');
    }
  });

  it('normalises the host to lower case', () => {
    expect(normaliseMirrorUrl('HTTPS://Mirror.Example/HF')).toBe('https://mirror.example/HF');
  });

  it('rejects ftp: and other non-web schemes', () => {
    for (const input of ['ftp://mirror.example/hf', 'file:///models', 'javascript:alert(1)']) {
      expect(() => normaliseMirrorUrl(input)).toThrow(InvalidRequestError);
      expect(() => normaliseMirrorUrl(input)).toThrow(
        'The model mirror must be an http:// or https:// address.',
      );
    }
  });

  it('rejects garbage with a message that quotes it and shows an example', () => {
    expect(() => normaliseMirrorUrl('not a url')).toThrow(InvalidRequestError);
    expect(() => normaliseMirrorUrl('  not a url ')).toThrow(
      '"not a url" is not a web address. Enter one like https://huggingface.co.',
    );
    expect(() => normaliseMirrorUrl('')).toThrow(/is not a web address/);
    expect(() => normaliseMirrorUrl('huggingface.co')).toThrow(/is not a web address/);
  });
});

describe('withDefaults', () => {
  it('gives the defaults when nothing was saved', () => {
    expect(withDefaults(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(withDefaults({})).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.modelMirrorUrl).toBe(HUGGING_FACE_HUB);
  });

  it('keeps what was saved over the defaults', () => {
    expect(withDefaults({ modelMirrorUrl: 'https://mirror.example' }).modelMirrorUrl).toBe(
      'https://mirror.example',
    );
  });

  it('returns a copy, so changing it never changes the defaults', () => {
    const settings = withDefaults(undefined);
    settings.modelMirrorUrl = 'https://changed.example';
    expect(DEFAULT_SETTINGS.modelMirrorUrl).toBe(HUGGING_FACE_HUB);
  });
});

describe('SettingsRepository', () => {
  const opened: HearthDatabase[] = [];
  let counter = 0;

  async function freshDb(): Promise<HearthDatabase> {
    const db = await openHearthDB(`hearth-settings-test-${Date.now()}-${counter++}`);
    opened.push(db);
    return db;
  }

  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it('reads the defaults from a fresh database', async () => {
    const repository = new SettingsRepository(await freshDb());
    expect(await repository.load()).toEqual(DEFAULT_SETTINGS);
  });

  it('reads back what it saved', async () => {
    const repository = new SettingsRepository(await freshDb());
    await repository.save({ ...DEFAULT_SETTINGS, modelMirrorUrl: 'https://mirror.example/hf' });
    expect(await repository.load()).toEqual({
      ...DEFAULT_SETTINGS,
      modelMirrorUrl: 'https://mirror.example/hf',
    });
  });

  it('keeps saved settings across reopening the database', async () => {
    const name = `hearth-settings-reopen-${Date.now()}`;
    const first = await openHearthDB(name);
    await new SettingsRepository(first).save({
      ...DEFAULT_SETTINGS,
      modelMirrorUrl: 'http://localhost:8080',
    });
    first.close();
    const second = await openHearthDB(name);
    opened.push(second);
    expect((await new SettingsRepository(second).load()).modelMirrorUrl).toBe('http://localhost:8080');
  });

  it('keeps databases with different names apart', async () => {
    const a = new SettingsRepository(await freshDb());
    const b = new SettingsRepository(await freshDb());
    await a.save({ ...DEFAULT_SETTINGS, modelMirrorUrl: 'https://a.example' });
    expect(await b.load()).toEqual(DEFAULT_SETTINGS);
  });

  it('fills fields missing from an older saved record with defaults', async () => {
    const db = await freshDb();
    // An older app may have saved a record with fewer fields. The typed API would not let one in, so
    // write it through the raw IndexedDB object store underneath.
    const raw = unwrap(db).transaction('settings', 'readwrite');
    raw.objectStore('settings').put({}, 'app');
    await new Promise((resolve) => raw.addEventListener('complete', resolve));
    expect(await new SettingsRepository(db).load()).toEqual(DEFAULT_SETTINGS);
  });
});
