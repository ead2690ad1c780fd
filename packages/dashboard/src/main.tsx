// Entry point: connect the one live stream, draw the app.
import { render } from "preact";
import { App } from "./app.js";
import { live } from "./live.js";

live.connect();
render(<App />, document.getElementById("app")!);
