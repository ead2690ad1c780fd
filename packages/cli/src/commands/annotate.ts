// skiff annotate KIND/NAME... KEY=VALUE... KEY- [--overwrite], as kubectl annotate.
import { ANNOTATIONS } from "../metadata-edit.js";
import { metadataCommand } from "./metadata-command.js";

export const annotateCommand = metadataCommand(ANNOTATIONS, "annotations", "Add, change (--overwrite) or remove (KEY-) annotations of objects");
