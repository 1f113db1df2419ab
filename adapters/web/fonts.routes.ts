/**
 * The web font for the playground and the console: Noto Sans SC from the npm package
 * (@expo-google-fonts/noto-sans-sc, nothing downloaded at run time), served same-origin with a
 * stylesheet declaring it, so Chinese renders on machines without a CJK system font (and in the
 * README's screenshots). The file is large (~10 MB) but cached by the browser for a day.
 */
import path from 'node:path';
import type { Router } from 'express';

/** The font file inside node_modules. */
export const WEB_FONT_FILE = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
/** Where pages link the stylesheet from. */
export const WEB_FONT_CSS = '/assets/fonts/minhu-fonts.css';

/** Adds `GET /assets/fonts/minhu-fonts.css` and the font file to `router`. */
export function addFontRoutes(router: Router): void {
  router.get(WEB_FONT_CSS, (_req, res) => res.type('text/css').set('cache-control', 'public, max-age=86400').sendFile(path.join(__dirname, 'public', 'minhu-fonts.css')));
  router.get('/assets/fonts/NotoSansSC-Regular.ttf', (_req, res) => res.type('font/ttf').set('cache-control', 'public, max-age=86400').sendFile(WEB_FONT_FILE));
}
