/**
 * The check-in screen's camera (QrScanner) in the whole application: the camera stubbed at
 * navigator.mediaDevices.getUserMedia (tracks with a `stop` spy), and for the decoding loop a video that has
 * frames and a canvas whose pixels are a real QR code (jsdom draws nothing): jsQR reads it as in the browser.
 */
import { act, screen, waitFor } from '@testing-library/react';
import QRCode from 'qrcode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import i18n from '../../i18n';
import { either, empty, loginAnswers, logIn, renderAt, stubNetwork } from '../../test/render';

const EVENT_ID = '11111111-1111-4111-8111-111111111111';
const TOKEN = '0J4ZK8M2QH7WX3N5R9T1V6B8CD';
const event = {
  id: EVENT_ID,
  title: { ja: '昆布だし交流会', en: 'Kombu exchange' },
  kind: 'exchange_meeting',
  status: 'published',
  admission: 'first_come',
  startsAt: '2026-12-05T18:00:00.000+09:00',
  endsAt: '2026-12-05T20:00:00.000+09:00',
  capacity: 6,
  venue: { name: { ja: '交流スペース' } },
  seats: { held: 1, waitlisted: 0, free: 5, offered: 0, confirmed: 1, attended: 0, cancelled: 0, noShow: 0, received: 0 },
  version: 3,
};
const registration = {
  id: 'r1',
  eventId: EVENT_ID,
  status: 'attended',
  registrant: { name: '北海 太郎', organizationName: '日高昆布クラスター研究会' },
  checkedInAt: '2026-12-05T17:55:00.000+09:00',
};

afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  delete (navigator as { mediaDevices?: unknown }).mediaDevices;
  delete (window as { isSecureContext?: boolean }).isSecureContext;
  await i18n.changeLanguage('ja');
});

/** A camera whose getUserMedia answers `answer`; its one video track's `stop` is a spy. */
function stubCamera(answer: 'grant' | DOMException) {
  const track = { kind: 'video', stop: vi.fn(), addEventListener: vi.fn(), removeEventListener: vi.fn() };
  const stream = { getTracks: () => [track], getVideoTracks: () => [track], getAudioTracks: () => [] };
  const getUserMedia = vi.fn(async () => {
    if (answer !== 'grant') throw answer;
    return stream as unknown as MediaStream;
  });
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  return { getUserMedia, track };
}

/** A video with 640x480 frames whose pixels are `text`'s QR code; counts the frames read. */
function stubFramesShowing(text: string) {
  vi.spyOn(HTMLMediaElement.prototype, 'readyState', 'get').mockReturnValue(4);
  vi.spyOn(HTMLVideoElement.prototype, 'videoWidth', 'get').mockReturnValue(640);
  vi.spyOn(HTMLVideoElement.prototype, 'videoHeight', 'get').mockReturnValue(480);
  const { modules } = QRCode.create(text);
  const frames = { read: 0 };
  const imageData = (width: number, height: number) => {
    const scale = 6;
    const left = Math.floor((width - modules.size * scale) / 2);
    const top = Math.floor((height - modules.size * scale) / 2);
    const data = new Uint8ClampedArray(width * height * 4).fill(235);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const col = Math.floor((x - left) / scale);
        const row = Math.floor((y - top) / scale);
        const at = (y * width + x) * 4;
        if (x >= left && y >= top && col < modules.size && row < modules.size && modules.get(row, col)) data.fill(16, at, at + 3);
        data[at + 3] = 255;
      }
    return { data, width, height };
  };
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation((() => ({
    drawImage: () => undefined,
    getImageData: (_x: number, _y: number, width: number, height: number) => {
      frames.read += 1;
      return imageData(width, height);
    },
  })) as unknown as typeof HTMLCanvasElement.prototype.getContext);
  return frames;
}

function checkInNetwork() {
  const calls = stubNetwork(
    either(
      loginAnswers(['coordinator']),
      (m, path) => {
        if (path === `/api/events/v1/events/${EVENT_ID}`) return { body: event };
        if (m === 'POST' && path === `/api/events/v1/events/${EVENT_ID}/check-ins`)
          return { body: { registration, alreadyCheckedIn: false } };
        return undefined;
      },
      empty,
    ),
  );
  return calls;
}

describe('scanning the QR code with the camera at check-in', { timeout: 60_000 }, () => {
  it('opens the rear camera, checks in the token it reads once while it stays in view, and stops the tracks on stop', async () => {
    const { getUserMedia, track } = stubCamera('grant');
    const frames = stubFramesShowing(TOKEN);
    const started = vi.spyOn(globalThis, 'setInterval');
    const cleared = vi.spyOn(globalThis, 'clearInterval');
    const calls = checkInNetwork();
    renderAt(`/events/${EVENT_ID}/check-in`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: 'カメラで読み取る' }));
    expect(getUserMedia).toHaveBeenCalledWith({ video: { facingMode: 'environment' }, audio: false });
    expect(await screen.findByLabelText('カメラの映像')).toBeVisible();
    await screen.findByText('北海 太郎 さんを受け付けました。');
    const checkIns = () => calls.filter((c) => c.method === 'POST' && c.path.endsWith('/check-ins'));
    expect(await checkIns()[0]!.request.clone().json()).toEqual({ token: TOKEN });
    // the code stays in view for several more scans: it is not sent again
    const seen = frames.read;
    await waitFor(() => expect(frames.read).toBeGreaterThanOrEqual(seen + 3));
    expect(checkIns()).toHaveLength(1);
    // the same answer and recent list as a typed token; the typed field is not focused while scanning
    expect(screen.getByRole('region', { name: '最近の受付' })).toHaveTextContent('北海 太郎');
    expect(screen.getByLabelText(/QR コードのトークン/)).not.toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'カメラを止める' }));
    expect(track.stop).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'カメラで読み取る' })).toBeInTheDocument();
    expect(screen.getByLabelText('カメラの映像')).not.toBeVisible();
    // stopped: the scan timer (a few times a second, not every animation frame) is cleared
    const scans = started.mock.calls.filter(([, ms]) => ms === 250);
    expect(scans).toHaveLength(1);
    expect(cleared).toHaveBeenCalledWith(started.mock.results[started.mock.calls.indexOf(scans[0]!)]!.value);
  });

  it('releases the camera when staff leave the check-in screen', async () => {
    const { track } = stubCamera('grant');
    checkInNetwork();
    renderAt(`/events/${EVENT_ID}/check-in`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: 'カメラで読み取る' }));
    await screen.findByRole('button', { name: 'カメラを止める' });
    expect(track.stop).not.toHaveBeenCalled();
    await user.click(screen.getByRole('link', { name: /交流会に戻る/ }));
    await screen.findByRole('heading', { name: '昆布だし交流会' });
    expect(track.stop).toHaveBeenCalledTimes(1);
  });

  it('releases the camera when the page is hidden (another app, the phone locked)', async () => {
    const { track } = stubCamera('grant');
    checkInNetwork();
    renderAt(`/events/${EVENT_ID}/check-in`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: 'カメラで読み取る' }));
    await screen.findByRole('button', { name: 'カメラを止める' });
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    expect(track.stop).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('button', { name: 'カメラで読み取る' })).toBeInTheDocument();
  });

  it('releases a camera granted only after staff pressed stop', async () => {
    let grant: (stream: MediaStream) => void = () => undefined;
    const { track } = stubCamera('grant');
    const stream = { getTracks: () => [track], getVideoTracks: () => [track] } as unknown as MediaStream;
    (navigator.mediaDevices.getUserMedia as ReturnType<typeof vi.fn>).mockImplementation(
      () => new Promise<MediaStream>((resolve) => (grant = resolve)),
    );
    checkInNetwork();
    renderAt(`/events/${EVENT_ID}/check-in`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: 'カメラで読み取る' }));
    await screen.findByText('カメラを起動しています…');
    await user.click(screen.getByRole('button', { name: 'カメラを止める' }));
    await act(async () => grant(stream));
    expect(track.stop).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'カメラで読み取る' })).toBeInTheDocument();
  });

  it.each([
    ['NotAllowedError', 'カメラの使用が許可されていません。ブラウザの設定でこのサイトにカメラを許可してから、もう一度お試しください。'],
    ['NotFoundError', 'この端末にカメラが見つかりません。'],
    ['NotReadableError', 'カメラを起動できません。ほかのアプリが使用中かもしれません。'],
  ])('says in words why the camera cannot be opened (%s), and the typed field still works', async (name, words) => {
    stubCamera(new DOMException('refused', name));
    checkInNetwork();
    renderAt(`/events/${EVENT_ID}/check-in`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: 'カメラで読み取る' }));
    const alert = await screen.findByTestId('camera-error');
    expect(alert).toHaveTextContent('カメラを使えません');
    expect(alert).toHaveTextContent(words);
    expect(alert).toHaveTextContent('トークンは下の欄に入力できます。');
    await user.type(screen.getByLabelText(/QR コードのトークン/), TOKEN);
    await user.click(screen.getByRole('button', { name: 'チェックイン' }));
    await screen.findByText('北海 太郎 さんを受け付けました。');
  });

  it('explains that the camera needs https on a page opened over plain http, without asking for it (in English too)', async () => {
    const { getUserMedia } = stubCamera('grant');
    Object.defineProperty(window, 'isSecureContext', { value: false, configurable: true });
    checkInNetwork();
    renderAt(`/events/${EVENT_ID}/check-in`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: 'カメラで読み取る' }));
    expect(await screen.findByTestId('camera-error')).toHaveTextContent(
      'カメラは安全な接続（https）でのみ使えます。このページは http で開かれています。',
    );
    expect(getUserMedia).not.toHaveBeenCalled();
    await act(async () => void (await i18n.changeLanguage('en')));
    expect(screen.getByTestId('camera-error')).toHaveTextContent(
      'The camera works only over a secure connection (https); this page was opened over plain http.',
    );
    expect(screen.getByRole('button', { name: 'Scan with the camera' })).toBeInTheDocument();
  });
});
