/** The part of `qrcode` (a devDependency, without types of its own) the tests use: a QR code's module matrix. */
declare module 'qrcode' {
  export interface QRCodeMatrix {
    modules: { size: number; get(row: number, col: number): number | boolean };
  }
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): QRCodeMatrix;
  const QRCode: { create: typeof create };
  export default QRCode;
}
