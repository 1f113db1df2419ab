/**
 * Security headers for the pages people open in a browser (console and playground), with
 * helmet. The Content-Security-Policy allows exactly what those pages load: their own scripts
 * (`/playground/playground.js`, `/console/assets/*.js`, ECharts from the same origin — it needs no
 * eval), their inline `<style>` blocks, images as data: URLs (the playground's charts), and
 * fetch/EventSource to the same origin. Nothing may frame them.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

const policy = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      // The pages carry their CSS inline (one <style> block, a few style attributes); ECharts sets element styles.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // Plain HTTP on localhost is the documented default; HSTS belongs to the TLS proxy in front.
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
});

/** helmet's headers for the console and playground. `noStore` also forbids caching (console pages). */
export function securityHeaders(options: { noStore: boolean }): RequestHandler {
  return (req, res, next) => {
    if (options.noStore) res.setHeader('Cache-Control', 'no-store');
    policy(req, res, next);
  };
}
