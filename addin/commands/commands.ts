// The ribbon's function file. The add-in's one button opens the task pane (a ShowTaskpane action,
// declared in manifest.xml), which needs no code; Office still loads this page and waits for it.
Office.onReady(() => undefined);
