// The signature pad's drawing: strokes in the pad's own coordinates, kept so
// that the picture can be redrawn at any size and undone stroke by stroke.

export type Point = { x: number; y: number };

export class Strokes {
  private lines: Point[][] = [];

  /** A pen or mouse went down at `p`. */
  start(p: Point): void {
    this.lines.push([p]);
  }

  /** The pen moved while down; ignored when no stroke was started. */
  extend(p: Point): void {
    this.lines.at(-1)?.push(p);
  }

  undo(): void {
    this.lines.pop();
  }

  clear(): void {
    this.lines = [];
  }

  get empty(): boolean {
    return this.lines.length === 0;
  }

  get all(): readonly (readonly Point[])[] {
    return this.lines;
  }
}

/** Where a pointer event falls in a pad drawn `width` × `height` units wide, whatever its size on screen. */
export function padPoint(clientX: number, clientY: number, box: DOMRect, width: number, height: number): Point {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return {
    x: clamp(((clientX - box.left) / box.width) * width, width),
    y: clamp(((clientY - box.top) / box.height) * height, height),
  };
}

/** Draws the strokes with round ends; a single tap leaves a dot. */
export function paint(ctx: CanvasRenderingContext2D, strokes: Strokes, ink: string, thickness: number): void {
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.strokeStyle = ink;
  ctx.fillStyle = ink;
  ctx.lineWidth = thickness;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  for (const line of strokes.all) {
    if (line.length === 1) {
      ctx.beginPath();
      ctx.arc(line[0].x, line[0].y, thickness / 2, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    ctx.moveTo(line[0].x, line[0].y);
    for (const p of line.slice(1)) ctx.lineTo(p.x, p.y);
    ctx.stroke();
  }
}

/** A canvas as PNG bytes, the form the backend takes. */
export async function pngBytes(canvas: HTMLCanvasElement): Promise<number[]> {
  const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, "image/png"));
  if (!blob) throw new Error("Không tạo được ảnh chữ ký.");
  return Array.from(new Uint8Array(await blob.arrayBuffer()));
}
