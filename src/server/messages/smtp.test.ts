/** Delivery by SMTP: a message goes to a real (local, in-process) mail server as plain text. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { smtpTransport } from './smtp.ts';

const received: string[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      stream.on('end', () => {
        received.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a message reaches the mail server from the clinic’s sender', async () => {
  const transport = smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: 'Clinic <pain@clinic.example>' });
  try {
    await transport.send({
      channel: 'email',
      to: 'pat@example.test',
      subject: 'Your code',
      text: 'Code 123456',
    });
  } finally {
    transport.close();
  }
  expect(received).toHaveLength(1);
  expect(received[0]).toContain('To: pat@example.test');
  expect(received[0]).toContain('From: Clinic <pain@clinic.example>');
  expect(received[0]).toContain('Code 123456');
});

test('a mail server that is not there fails the send (the delivery job then retries)', async () => {
  const transport = smtpTransport({ url: 'smtp://127.0.0.1:1', from: 'Clinic <pain@clinic.example>' });
  try {
    await expect(
      transport.send({ channel: 'email', to: 'pat@example.test', subject: 'x', text: 'y' }),
    ).rejects.toThrow();
  } finally {
    transport.close();
  }
});
