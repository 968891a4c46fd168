import { Alert, Button, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cameraProblem, cameraUnavailable, decodeFrame, decodeSize, RepeatFilter, SCAN_INTERVAL_MS, type CameraProblem } from './qr-scan';
import './labels';
import './qr-scanner.css';

type Phase = { kind: 'off' } | { kind: 'starting' } | { kind: 'on' } | { kind: 'error'; problem: CameraProblem; detail: string };

export interface QrScannerProps {
  /** A token read from a QR code (a repeat of the last one, still in view, is not handed on). */
  onToken: (token: string) => void;
  /** Told when the camera starts and stops (the page then leaves the typed field alone: no keyboard popping up). */
  onActiveChange?: (active: boolean) => void;
}

/**
 * The check-in screen's camera: a button opens the rear camera (`facingMode: environment`), the picture is shown,
 * and a few times a second a frame is drawn to a canvas and decoded with jsQR; each new token goes to `onToken`.
 * The camera is released (its tracks stopped) on "stop", when the page is hidden or left, and on unmount. A camera
 * that cannot be opened is explained in words (refused, none, plain http, busy): the typed field still works.
 */
export function QrScanner({ onToken, onActiveChange }: QrScannerProps) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'off' });
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  const filter = useRef(new RepeatFilter());
  /** Bumped by every start and release: a camera granted after the user stopped (or left) is released at once. */
  const generation = useRef(0);
  const handlers = useRef({ onToken, onActiveChange });
  useEffect(() => {
    handlers.current = { onToken, onActiveChange };
  });

  /** Stops the tracks and the decoding; safe to call at any time. */
  const release = useCallback(() => {
    generation.current += 1;
    if (timer.current !== undefined) clearInterval(timer.current);
    timer.current = undefined;
    const had = stream.current !== null;
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    filter.current.reset();
    if (had) handlers.current.onActiveChange?.(false);
  }, []);

  const stop = () => {
    release();
    setPhase({ kind: 'off' });
  };

  /** One frame: drawn scaled down to the canvas, decoded, a new token handed on. */
  const tick = () => {
    const v = video.current;
    if (!v || v.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !v.videoWidth || !v.videoHeight) return;
    const { width, height } = decodeSize(v.videoWidth, v.videoHeight);
    const c = (canvas.current ??= document.createElement('canvas'));
    if (c.width !== width || c.height !== height) {
      c.width = width;
      c.height = height;
    }
    const context = c.getContext('2d', { willReadFrequently: true });
    if (!context) return;
    context.drawImage(v, 0, 0, width, height);
    const text = decodeFrame(context.getImageData(0, 0, width, height).data, width, height);
    const token = text === null ? null : filter.current.accept(text, performance.now());
    if (!token) return;
    navigator.vibrate?.(60);
    handlers.current.onToken(token);
  };

  const start = async () => {
    release();
    const unavailable = cameraUnavailable({
      secureContext: window.isSecureContext !== false,
      getUserMedia: navigator.mediaDevices?.getUserMedia,
    });
    if (unavailable) {
      setPhase({ kind: 'error', problem: unavailable, detail: '' });
      return;
    }
    const mine = generation.current;
    setPhase({ kind: 'starting' });
    let granted: MediaStream;
    try {
      granted = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (error) {
      if (mine === generation.current)
        setPhase({ kind: 'error', problem: cameraProblem(error), detail: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (mine !== generation.current) {
      // stopped or left while the browser was asking
      for (const track of granted.getTracks()) track.stop();
      return;
    }
    stream.current = granted;
    for (const track of granted.getVideoTracks())
      track.addEventListener('ended', () => {
        // the camera went away (unplugged, permission withdrawn): say so rather than show a frozen picture
        if (stream.current !== granted) return;
        release();
        setPhase({ kind: 'error', problem: 'busy', detail: '' });
      });
    const v = video.current;
    if (v) {
      v.srcObject = granted;
      // a muted inline video may play without a gesture; should play() refuse, frames are simply not decoded yet
      void Promise.resolve()
        .then(() => v.play())
        .catch(() => undefined);
    }
    timer.current = setInterval(tick, SCAN_INTERVAL_MS);
    setPhase({ kind: 'on' });
    handlers.current.onActiveChange?.(true);
  };

  // Released when the page is hidden (another app, the phone locked), left, or the component unmounts.
  useEffect(() => {
    const away = () => {
      if (!stream.current) return;
      release();
      setPhase({ kind: 'off' });
    };
    const hidden = () => {
      if (document.visibilityState === 'hidden') away();
    };
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', away);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', away);
      release();
    };
  }, [release]);

  const active = phase.kind === 'starting' || phase.kind === 'on';
  return (
    <Stack gap="xs" data-testid="qr-scanner" data-phase={phase.kind}>
      {active ? (
        <Button size="lg" fullWidth variant="default" onClick={stop}>
          {t('checkIn.camera.stop')}
        </Button>
      ) : (
        <Button size="lg" fullWidth variant="outline" onClick={() => void start()}>
          {t('checkIn.camera.start')}
        </Button>
      )}
      <video ref={video} className="check-in-video" hidden={!active} muted playsInline aria-label={t('checkIn.camera.preview')} />
      {active && (
        <Text size="sm" role="status">
          {t(phase.kind === 'starting' ? 'checkIn.camera.starting' : 'checkIn.camera.aim')}
        </Text>
      )}
      {phase.kind === 'error' && (
        <Alert color="red" role="alert" title={t('checkIn.camera.errorTitle')} data-testid="camera-error">
          {t(`checkIn.camera.errors.${phase.problem}`, { detail: phase.detail })} {t('checkIn.camera.typeInstead')}
        </Alert>
      )}
    </Stack>
  );
}
