import { ServerResponse, IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { HELMET_OPTIONS, securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  it("are exactly the headers helmet's middleware sets on a real response with the kit's options", () => {
    const request = new IncomingMessage(new Socket());
    const response = new ServerResponse(request);
    response.setHeader('X-Powered-By', 'something');
    helmet(HELMET_OPTIONS)(request, response, (error?: unknown) => {
      if (error) throw error;
    });
    const { set, removed } = securityHeaders();
    expect(set).toEqual(response.getHeaders());
    expect(removed).toEqual(['x-powered-by']);
    // The ones the services are known for: not an empty record that would pass the comparison above by accident.
    expect(set).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
    });
    expect(set['content-security-policy']).toBeUndefined();
  });

  it('refuses options with a Content-Security-Policy, whose headers may depend on the request', () => {
    expect(() => securityHeaders({})).toThrow(/Content-Security-Policy/);
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"] } } })).toThrow(/Content-Security-Policy/);
  });
});
