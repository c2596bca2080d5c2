/**
 * Replaces `@mswjs/interceptors/WebSocket` in the browser build. MSW's frame module imports it
 * only for types (an empty import that still pulls in the interceptor, about 2.5 KiB gzip).
 * The simulator serves no WebSockets; code that used a real export from here would fail the build.
 */
export {};
