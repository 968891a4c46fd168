import { describe, expect, it } from '@jest/globals';
import { classifySmtpFailure, parseBackoff, retryDelayMs, smtpFailureOf, type SmtpFailure } from './smtp-outcome.js';

const failure = (f: Partial<SmtpFailure>): SmtpFailure => ({
  message: 'x',
  code: null,
  command: null,
  responseCode: null,
  response: null,
  dataHandedOver: false,
  ...f,
});

describe('classifySmtpFailure', () => {
  it('treats a refused or dropped connection before the data as temporary', () => {
    expect(classifySmtpFailure(failure({ code: 'ESOCKET', command: 'CONN' }))).toBe('temporary');
    expect(classifySmtpFailure(failure({ code: 'ECONNECTION', command: 'CONN' }))).toBe('temporary');
    expect(classifySmtpFailure(failure({ code: 'ETIMEDOUT', command: 'CONN' }))).toBe('temporary');
  });

  it('follows the server: 4xx and 503 temporary, other 5xx permanent, before or after the data', () => {
    expect(classifySmtpFailure(failure({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 450 }))).toBe('temporary');
    expect(classifySmtpFailure(failure({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550 }))).toBe('permanent');
    expect(classifySmtpFailure(failure({ code: 'EPROTOCOL', responseCode: 503 }))).toBe('temporary');
    expect(classifySmtpFailure(failure({ code: 'EMESSAGE', command: 'DATA', responseCode: 554, dataHandedOver: true }))).toBe('permanent');
    expect(classifySmtpFailure(failure({ code: 'EMESSAGE', command: 'DATA', responseCode: 451, dataHandedOver: true }))).toBe('temporary');
  });

  it('calls silence after the message data ambiguous (it may have been delivered)', () => {
    expect(classifySmtpFailure(failure({ code: 'ECONNECTION', command: 'CONN', dataHandedOver: true }))).toBe('ambiguous');
    expect(classifySmtpFailure(failure({ code: 'ETIMEDOUT', dataHandedOver: true }))).toBe('ambiguous');
  });

  it('treats what nodemailer refuses locally (a bad address) as permanent', () => {
    expect(classifySmtpFailure(failure({ code: 'EENVELOPE', command: 'API' }))).toBe('permanent');
    expect(classifySmtpFailure(failure({ code: 'EAUTH', command: 'AUTH PLAIN' }))).toBe('temporary');
  });

  it('reads code, command and reply from a nodemailer error', () => {
    const err = Object.assign(new Error('Recipient command failed: 550 nope'), {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response: '550 nope',
    });
    expect(smtpFailureOf(err, false)).toEqual({
      message: 'Recipient command failed: 550 nope',
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response: '550 nope',
      dataHandedOver: false,
    });
    expect(smtpFailureOf('weird', true)).toMatchObject({ message: 'weird', code: null, dataHandedOver: true });
  });
});

describe('backoff', () => {
  it('waits by attempt, repeating the last value', () => {
    const backoff = parseBackoff('1000, 5000,60000');
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, backoff))).toEqual([1000, 5000, 60000, 60000, 60000]);
    expect(retryDelayMs(0, backoff)).toBe(1000);
    expect(() => parseBackoff('1,x')).toThrow();
  });
});
