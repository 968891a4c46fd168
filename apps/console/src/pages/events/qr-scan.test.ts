import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { cameraProblem, cameraUnavailable, decodeFrame, decodeSize, RepeatFilter, REPEAT_WINDOW_MS, SCAN_INTERVAL_MS } from './qr-scan';

/** An RGBA frame (as a canvas gives it) of `text`'s QR code: `scale` px per module, a 4-module quiet zone, centred. */
function qrFrame(text: string, width: number, height: number, scale = 6): Uint8ClampedArray {
  const { modules } = QRCode.create(text);
  const side = modules.size * scale;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const rgba = new Uint8ClampedArray(width * height * 4).fill(235);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const col = Math.floor((x - left) / scale);
      const row = Math.floor((y - top) / scale);
      const dark = x >= left && y >= top && col < modules.size && row < modules.size && Boolean(modules.get(row, col));
      const at = (y * width + x) * 4;
      if (dark) rgba.fill(16, at, at + 3);
      rgba[at + 3] = 255;
    }
  return rgba;
}

describe('which decoded tokens are sent', () => {
  it('sends a new token, not the same one again while it stays in view, and again once it was out of view for 3 s', () => {
    const filter = new RepeatFilter();
    expect(filter.accept('0J4ZK8M2QH7W', 0)).toBe('0J4ZK8M2QH7W');
    // still in view: read at every scan, each sighting extends the quiet time
    for (let now = SCAN_INTERVAL_MS; now <= 10_000; now += SCAN_INTERVAL_MS) expect(filter.accept('0J4ZK8M2QH7W', now)).toBeNull();
    // out of view for the whole window, then shown again: sent again (the service answers "already checked in")
    expect(filter.accept('0J4ZK8M2QH7W', 10_000 + REPEAT_WINDOW_MS)).toBe('0J4ZK8M2QH7W');
  });

  it('sends the next person’s token at once, and the first again when it comes back after another', () => {
    const filter = new RepeatFilter();
    expect(filter.accept('AAAA', 0)).toBe('AAAA');
    expect(filter.accept('BBBB', 250)).toBe('BBBB');
    expect(filter.accept('AAAA', 500)).toBe('AAAA');
    expect(filter.accept('AAAA', 750)).toBeNull();
  });

  it('ignores what surrounds the token and an empty read; a reset (camera stopped) forgets the last token', () => {
    const filter = new RepeatFilter();
    expect(filter.accept('  \n', 0)).toBeNull();
    expect(filter.accept(' AAAA\n', 0)).toBe('AAAA');
    expect(filter.accept('AAAA', 1000)).toBeNull();
    filter.reset();
    expect(filter.accept('AAAA', 1100)).toBe('AAAA');
    expect(filter.accept('AAAA', 1100 + REPEAT_WINDOW_MS - 1)).toBeNull();
  });
});

describe('decoding a frame', () => {
  it('reads a registrant’s token from a frame of their QR code, and nothing from a blank frame', () => {
    const token = '0J4ZK8M2QH7WX3N5R9T1V6B8CD';
    expect(decodeFrame(qrFrame(token, 320, 240, 5), 320, 240)).toBe(token);
    expect(decodeFrame(new Uint8ClampedArray(320 * 240 * 4).fill(235), 320, 240)).toBeNull();
  });

  it('scales a camera frame down to at most 640 px on its longer side, never up', () => {
    expect(decodeSize(1920, 1080)).toEqual({ width: 640, height: 360 });
    expect(decodeSize(720, 1280)).toEqual({ width: 360, height: 640 });
    expect(decodeSize(640, 480)).toEqual({ width: 640, height: 480 });
    expect(decodeSize(320, 240)).toEqual({ width: 320, height: 240 });
  });
});

describe('why the camera cannot be opened', () => {
  it('knows before asking: plain http (no secure context), a browser without getUserMedia', () => {
    expect(cameraUnavailable({ secureContext: false, getUserMedia: undefined })).toBe('insecure');
    expect(cameraUnavailable({ secureContext: true, getUserMedia: undefined })).toBe('unsupported');
    expect(cameraUnavailable({ secureContext: true, getUserMedia: () => undefined })).toBeNull();
  });

  it('reads getUserMedia’s rejections by their name', () => {
    const named = (name: string) => new DOMException('x', name);
    expect(cameraProblem(named('NotAllowedError'))).toBe('denied');
    expect(cameraProblem(named('SecurityError'))).toBe('denied');
    expect(cameraProblem(named('NotFoundError'))).toBe('noCamera');
    expect(cameraProblem(named('OverconstrainedError'))).toBe('noCamera');
    expect(cameraProblem(named('NotReadableError'))).toBe('busy');
    expect(cameraProblem(new TypeError('boom'))).toBe('failed');
    expect(cameraProblem('odd')).toBe('failed');
  });
});
