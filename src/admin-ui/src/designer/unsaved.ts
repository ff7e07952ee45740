import type { Definition } from './model';

// Unsaved designer edits live in the tab's sessionStorage, so a session that ends (or a GitLab sign-in round trip)
// loses nothing: the designer opens them again, and a save that was refused for the ended session is made once back.

export interface Unsaved {
  /** The version the edits started from: they come back only on that version. */
  baseVersion: number;
  definition: Definition;
  /** The save that the ended session refused, made again after signing in. */
  pendingSave: 'draft' | 'published' | null;
}

const key = (id: string) => `ao.designer.unsaved.${id}`;
let flash = '';

export function readUnsaved(id: string): Unsaved | null {
  try {
    const text = sessionStorage.getItem(key(id));
    return text ? (JSON.parse(text) as Unsaved) : null;
  } catch {
    return null;
  }
}

export function keepUnsaved(id: string, unsaved: Unsaved): void {
  sessionStorage.setItem(key(id), JSON.stringify(unsaved));
}

export function dropUnsaved(id: string): void {
  sessionStorage.removeItem(key(id));
}

/** A message for the page the designer opens next (after a save, it shows the new version). */
export function setFlash(message: string): void {
  flash = message;
}

export function takeFlash(): string {
  const message = flash;
  flash = '';
  return message;
}
