/**
 * The demo's on-demand code as one chunk: the presenter panel and the guided tour load together
 * the first time the Demo button is pressed (or a tour left running is restored).
 */
export { default as PresenterPanel } from './presenter-panel';
export { default as TourHost } from './guided-tour';
