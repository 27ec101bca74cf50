/**
 * When the server process dies, restart it, unless it keeps dying: a model that crashes the process on load would
 * otherwise restart forever. Kept free of the vscode module so the limits are tested exactly.
 */
export class RestartPolicy {
  private readonly crashes: number[] = [];

  public constructor(
    public readonly maxRestarts: number,
    public readonly windowMs: number,
  ) {}

  /** Records a crash at the given time and says whether to restart. */
  public shouldRestart(nowMs: number): boolean {
    this.crashes.push(nowMs);
    while (this.crashes.length > 0 && nowMs - (this.crashes[0] ?? nowMs) > this.windowMs) {
      this.crashes.shift();
    }
    return this.crashes.length <= this.maxRestarts;
  }

  /** A manual restart forgets earlier crashes: the user fixed something, or wants to try again. */
  public reset(): void {
    this.crashes.length = 0;
  }

  public describeGivingUp(): string {
    return `The glm-lsp server stopped ${this.maxRestarts + 1} times within ${Math.round(this.windowMs / 60000)} minutes and will not be restarted automatically. See the server log, then run "GLM: Restart Server".`;
  }
}
