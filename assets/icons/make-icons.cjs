// Writes the RiskDesk icons (PNG, RGBA) into this folder: the app icon (icon.png, 512 px: electron-builder derives
// .ico/.icns from it) and the tray icons (tray-{ok,medium,high,critical}.png at 16 px plus @2x at 32 px).
// Pure Node (zlib only), deterministic output; run with `npx node assets/icons/make-icons.cjs` (Node >= 22 for zlib.crc32).
// PNG layout per ISO/IEC 15948 (W3C PNG spec): signature, IHDR, one IDAT (filter 0 rows), IEND.
const { writeFileSync } = require('node:fs')
const { join } = require('node:path')
const zlib = require('node:zlib')

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(typed))
  return Buffer.concat([length, typed, crc])
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // colour type RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16))

// Renders with `samples`² supersampling; `paint(x, y)` returns [r,g,b,a 0..1] or null (transparent) at unit coords.
function render(size, samples, paint) {
  const out = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)
          if (c === null) continue
          r += c[0] * c[3]; g += c[1] * c[3]; b += c[2] * c[3]; a += c[3]
        }
      }
      const i = (py * size + px) * 4
      const n = samples * samples
      out[i] = a > 0 ? Math.round(r / a) : 0
      out[i + 1] = a > 0 ? Math.round(g / a) : 0
      out[i + 2] = a > 0 ? Math.round(b / a) : 0
      out[i + 3] = Math.round((a / n) * 255)
    }
  }
  return out
}

function trayDot(colour) {
  const fill = hex(colour)
  const rim = fill.map((v) => Math.round(v * 0.6))
  return (x, y) => {
    const d = Math.hypot(x - 0.5, y - 0.5)
    if (d > 0.44) return null
    return d > 0.36 ? [...rim, 1] : [...fill, 1]
  }
}

function appIcon(x, y) {
  const m = 0.06, radius = 0.18
  const cx = Math.min(Math.max(x, m + radius), 1 - m - radius)
  const cy = Math.min(Math.max(y, m + radius), 1 - m - radius)
  if (Math.hypot(x - cx, y - cy) > radius) return null
  // VaR limit line across the chart
  if (y > 0.355 && y < 0.395 && x > 0.16 && x < 0.84) return [...hex('#ef4444'), 1]
  const bars = [
    [0.2, 0.33, 0.62],
    [0.41, 0.54, 0.46],
    [0.62, 0.75, 0.26],
  ]
  for (const [x0, x1, top] of bars) if (x > x0 && x < x1 && y > top && y < 0.8) return [...hex('#38bdf8'), 1]
  return [...hex('#0f172a'), 1]
}

const dir = __dirname
const states = { ok: '#22c55e', medium: '#eab308', high: '#f97316', critical: '#dc2626' }
for (const [name, colour] of Object.entries(states)) {
  writeFileSync(join(dir, `tray-${name}.png`), encodePng(16, render(16, 8, trayDot(colour))))
  writeFileSync(join(dir, `tray-${name}@2x.png`), encodePng(32, render(32, 8, trayDot(colour))))
}
writeFileSync(join(dir, 'icon.png'), encodePng(512, render(512, 3, appIcon)))
console.log(`icons written to ${dir}`)
