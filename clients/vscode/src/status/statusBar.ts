import * as vscode from 'vscode';
import { initialStatus, reduceStatus, type StatusEvent, type StatusModel } from './statusModel';
import { presentStatus, type StatusClick } from './statusPresentation';

/** The status bar item: folds events into the status model and renders it; a click does what the state needs. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private model: StatusModel = initialStatus;
  private click: StatusClick = { kind: 'showLog' };

  public constructor(public readonly clickCommand: string) {
    this.item = vscode.window.createStatusBarItem('glm.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'GLM';
    this.item.command = clickCommand;
    this.render();
    this.item.show();
  }

  public get current(): StatusModel {
    return this.model;
  }

  public get currentClick(): StatusClick {
    return this.click;
  }

  public apply(event: StatusEvent): void {
    this.model = reduceStatus(this.model, event);
    this.render();
  }

  public dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const presentation = presentStatus(this.model);
    this.item.text = presentation.text;
    this.item.tooltip = presentation.tooltip;
    this.item.backgroundColor = presentation.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.click = presentation.click;
  }
}
