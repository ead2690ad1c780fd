// skiff label KIND/NAME... KEY=VALUE... KEY- [--overwrite], as kubectl label.
import { LABELS } from "../metadata-edit.js";
import { metadataCommand } from "./metadata-command.js";

export const labelCommand = metadataCommand(LABELS, "labels", "Add, change (--overwrite) or remove (KEY-) labels of objects");
