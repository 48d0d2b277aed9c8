// Entry point: styles (Leaflet's, then ours) and the app.

import "leaflet/dist/leaflet.css";
import "./app.css";
import { render } from "preact";
import { App } from "./App.js";

const root = document.getElementById("app");
if (root) render(<App />, root);
