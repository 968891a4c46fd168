/**
 * The pure part of scanning a registrant's QR code with the camera at the door: which decoded tokens are sent,
 * how a frame is decoded, and which words explain a camera that cannot be opened. No React, no DOM beyond the
 * image data handed in; unit-tested in qr-scan.test.ts.
 */
import jsQR from 'jsqr';

/** How often a frame is decoded: a few times a second, not every animation frame, to spare a phone's battery. */
export const SCAN_INTERVAL_MS = 250;
/** A token seen again within this time of its last sighting is the same code still in view: not sent again. */
export const REPEAT_WINDOW_MS = 3000;
/** The longest side of the frame handed to the decoder (the camera's frame is scaled down to it). */
export const DECODE_MAX_SIDE = 640;

/**
 * Decides whether a decoded token is sent: a new token is, the same token again is not while it stays in view
 * (each sighting within `windowMs` of the previous one extends the quiet time), and once it has been out of view
 * for `windowMs` it is sent again (e.g. the same person shown a second time: the service answers "already").
 */
export class RepeatFilter {
  private last: { token: string; seenAt: number } | null = null;

  constructor(private readonly windowMs = REPEAT_WINDOW_MS) {}

  /** Whether `decoded`, read at `now` (ms), is to be sent; the token as sent (trimmed) or null. */
  accept(decoded: string, now: number): string | null {
    const token = decoded.trim();
    if (!token) return null;
    const last = this.last;
    this.last = { token, seenAt: now };
    if (last && last.token === token && now - last.seenAt < this.windowMs) return null;
    return token;
  }

  /** Forgets the last token (the camera was stopped: the next sighting of any code is sent). */
  reset(): void {
    this.last = null;
  }
}

/** The text of the QR code in an RGBA frame (as a canvas's getImageData gives it), or null when none is found. */
export function decodeFrame(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  // A registrant's code is dark on light (screen or paper): trying the inverted image too would double the work.
  const code = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' });
  return code?.data ? code.data : null;
}

/** The size a frame of `width` x `height` is scaled to before decoding (never scaled up). */
export function decodeSize(width: number, height: number, maxSide = DECODE_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Why the camera could not be opened, as a label key under `checkIn.camera.errors`. */
export type CameraProblem = 'insecure' | 'unsupported' | 'denied' | 'noCamera' | 'busy' | 'failed';

/** What the page knows before asking for the camera: null when it may ask, else why it cannot. */
export function cameraUnavailable(env: { secureContext: boolean; getUserMedia: unknown }): CameraProblem | null {
  // Browsers hide navigator.mediaDevices altogether outside a secure context (https, or http://localhost).
  if (!env.secureContext) return 'insecure';
  if (typeof env.getUserMedia !== 'function') return 'unsupported';
  return null;
}

/** The problem behind a rejection of getUserMedia (a DOMException's name, as the Media Capture spec lists them). */
export function cameraProblem(error: unknown): CameraProblem {
  const name = error && typeof error === 'object' && 'name' in error ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError': // the camera disabled for the page (e.g. by a permissions policy)
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'noCamera';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    default:
      return 'failed';
  }
}
