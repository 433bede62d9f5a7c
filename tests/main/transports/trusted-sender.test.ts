import { describe, expect, it } from 'vitest'
import { isTrustedAppUrl, isTrustedSenderFrame, type TrustedAppLocation } from '../../../src-main/transports/trusted-sender'

const PROD: TrustedAppLocation = { appUrl: 'app://riskdesk/index.html', devServerUrl: null }
const DEV: TrustedAppLocation = { appUrl: null, devServerUrl: 'http://localhost:5173/' }

describe('isTrustedAppUrl (production, app://riskdesk)', () => {
  it.each(['app://riskdesk/index.html', 'app://riskdesk/', 'app://riskdesk/index.html#/alerts'])('accepts %s', (url) => {
    expect(isTrustedAppUrl(url, PROD)).toBe(true)
  })

  it.each([
    'app://riskdesk.evil/index.html', // lookalike host
    'app://evil.riskdesk/index.html',
    'app://riskdesk:8080/index.html', // port
    'app://user@riskdesk/index.html', // credentials
    'app://user:pw@riskdesk/index.html',
    'app:riskdesk/index.html', // opaque path, empty host
    'app:///riskdesk/index.html',
    'app://RISKDESK/index.html', // custom schemes keep case in Node's parser; Chromium lower-cases standard schemes
    'app://riskdesk%2eevil/',
    'apps://riskdesk/index.html',
    'file:///opt/riskdesk/out/renderer/index.html',
    'http://riskdesk/index.html',
    'about:blank',
    'data:text/html,<script>alert(1)</script>',
    'javascript:alert(1)',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isTrustedAppUrl(url, PROD)).toBe(false)
  })
})

describe('isTrustedAppUrl (dev server)', () => {
  it.each(['http://localhost:5173/', 'http://localhost:5173/index.html?x=1', 'http://LOCALHOST:5173/'])('accepts %s', (url) => {
    expect(isTrustedAppUrl(url, DEV)).toBe(true)
  })

  it.each([
    'http://localhost:5173.evil.example/',
    'http://localhost.evil.example:5173/',
    'http://localhost:5173@evil.example/',
    'http://evil@localhost:5173/',
    'http://localhost:5174/',
    'http://localhost/',
    'https://localhost:5173/',
    'ws://localhost:5173/',
    'http://127.0.0.1:5173/', // same machine, different origin string: not the configured one
    'app://riskdesk/index.html', // production origin is not trusted in dev
  ])('refuses %s', (url) => {
    expect(isTrustedAppUrl(url, DEV)).toBe(false)
  })

  it('refuses everything when no location is configured', () => {
    expect(isTrustedAppUrl('app://riskdesk/index.html', { appUrl: null, devServerUrl: null })).toBe(false)
  })

  it('never trusts a file: base even if configured as one', () => {
    expect(isTrustedAppUrl('file:///x/index.html', { appUrl: 'file:///x/index.html', devServerUrl: null })).toBe(false)
  })
})

describe('isTrustedSenderFrame', () => {
  const main = { url: 'app://riskdesk/index.html', parent: null }

  it('accepts the main frame on the app URL', () => {
    expect(isTrustedSenderFrame(main, PROD)).toBe(true)
  })

  it('refuses a missing or detached frame', () => {
    expect(isTrustedSenderFrame(null, PROD)).toBe(false)
    expect(isTrustedSenderFrame(undefined, PROD)).toBe(false)
    expect(isTrustedSenderFrame({ ...main, detached: true }, PROD)).toBe(false)
  })

  it('refuses a sub-frame even on the app URL', () => {
    expect(isTrustedSenderFrame({ url: main.url, parent: main }, PROD)).toBe(false)
  })

  it('refuses the main frame after it navigated elsewhere', () => {
    expect(isTrustedSenderFrame({ url: 'https://evil.example/', parent: null }, PROD)).toBe(false)
  })
})
