import { describe, expect, it } from 'vitest';
import {
  InstallOffer,
  isInstallPromptEvent,
  needsIosHint,
  type InstallPromptEvent,
} from '../../../../src/lib/pwa';

function promptEvent(outcome: 'accepted' | 'dismissed') {
  const event = new Event('beforeinstallprompt', { cancelable: true });
  let prompted = 0;
  const extra = {
    prompt: () => {
      prompted++;
      return Promise.resolve();
    },
    userChoice: Promise.resolve({ outcome }),
  };
  const full: InstallPromptEvent = Object.assign(event, extra);
  return { event: full, prompted: () => prompted };
}

describe('InstallOffer', () => {
  it('keeps the browser prompt for the button, stops the browser from showing its own, and uses it once', async () => {
    let changes = 0;
    const offer = new InstallOffer(false, () => changes++);
    expect(offer.state).toBe('unavailable');
    const { event, prompted } = promptEvent('accepted');
    offer.offered(event);
    expect(event.defaultPrevented).toBe(true);
    expect(offer.state).toBe('available');
    expect(await offer.install()).toBe('accepted');
    expect(prompted()).toBe(1);
    expect(offer.state).toBe('installed');
    expect(await offer.install()).toBe('unavailable');
    expect(changes).toBe(2);
  });

  it('hides the button after a dismissal (the event cannot be replayed) and when already installed', async () => {
    const offer = new InstallOffer(false, () => undefined);
    offer.offered(promptEvent('dismissed').event);
    expect(await offer.install()).toBe('dismissed');
    expect(offer.state).toBe('unavailable');

    const standalone = new InstallOffer(true, () => undefined);
    standalone.offered(promptEvent('accepted').event);
    expect(standalone.state).toBe('installed');
  });

  it('tells the prompt event from other events', () => {
    expect(isInstallPromptEvent(new Event('beforeinstallprompt'))).toBe(false);
    expect(isInstallPromptEvent(promptEvent('accepted').event)).toBe(true);
  });
});

describe('needsIosHint', () => {
  const IPHONE =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
  const IPAD_DESKTOP_MODE =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';
  const ANDROID =
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

  it.each([
    ['an iPhone in Safari', IPHONE, 5, false, true],
    ['an iPad that says Macintosh', IPAD_DESKTOP_MODE, 5, false, true],
    ['a Mac (no touch)', IPAD_DESKTOP_MODE, 0, false, false],
    ['Android (has its own prompt)', ANDROID, 5, false, false],
    ['an iPhone where Hearth is installed already', IPHONE, 5, true, false],
  ])('%s → %s', (_name, userAgent, touch, standalone, expected) => {
    expect(needsIosHint(userAgent, touch, standalone)).toBe(expected);
  });
});
