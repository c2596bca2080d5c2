/**
 * The messages between the page and the Web Worker that runs the simulated cloud
 * (mocks/cloud-worker.ts). Plain data only: a request's query and headers travel as text and
 * pairs (URLSearchParams and Headers cannot be cloned), its JSON body as it is.
 */
import type { CloudResponse } from '../cloud/http';
import type { Preset } from '../cloud/model';

/** Page → worker, first: the saved world (localStorage is the page's), the preset and a scenario a link named. */
export interface StartMessage {
  type: 'start';
  saved: string | null;
  preset: Preset | null;
  scenario: string | null;
}

/** Page → worker: one API call. */
export interface CallMessage {
  type: 'call';
  id: number;
  method: string;
  path: string;
  query: string;
  headers: Array<[string, string]>;
  body: unknown;
}

export type ToCloudWorker = StartMessage | CallMessage;

/** Worker → page: the world exists (generated or restored); calls sent before it were queued. */
export interface ReadyMessage {
  type: 'ready';
}

/** Worker → page: the state to keep (the page writes it to localStorage), sent before the answer of the call that changed it. */
export interface SaveMessage {
  type: 'save';
  state: string;
}

/** Worker → page: a call's answer, or the error it threw. */
export interface AnswerMessage {
  type: 'answer';
  id: number;
  response?: CloudResponse;
  error?: string;
}

export type FromCloudWorker = ReadyMessage | SaveMessage | AnswerMessage;
