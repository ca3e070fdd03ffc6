import QRCode from 'qrcode';
import sharp from 'sharp';
import { qrPng } from './wechat-wxacode.routes';

describe("the sandbox's mini-program code image", () => {
  it('is a real PNG about the width asked for, black modules on white', async () => {
    const content = 'pages/invite/index?scene=abcdefghijklmnopqrst';
    const png = qrPng(content, 430);
    const { width, height, channels } = await sharp(png).metadata();
    expect(width).toBe(height);
    expect(width).toBeGreaterThan(380);
    expect(width).toBeLessThanOrEqual(430);
    expect(channels).toBe(1);
    const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    // The quiet zone's corner is white, and the finder pattern's corner just inside it is black.
    expect(data[0]).toBe(0xff);
    const scale = width! / (QRCode.create(content).modules.size + 4);
    expect(data[2 * scale * width! + 2 * scale]).toBe(0x00);
  });
});
