// skiff set image KIND/NAME... CONTAINER=IMAGE... : change container images in a Deployment,
// StatefulSet or ReplicaSet's pod template, or in a Pod, as `kubectl set image` does.
import type { Argv, CommandModule } from "yargs";
import type { Pod, PodTemplateSpec } from "@skiff/api";
import { retryOnConflict } from "@skiff/client";
import type { ApiObject } from "@skiff/api";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { rethrowNotFound } from "../../kinds.js";
import { kindRef } from "../../output/printers.js";
import { parseTargets } from "../../resource-args.js";
import { parseImageArgs, setImages } from "../../set-image.js";

interface ImageArgs extends GlobalArgs {
  args: string[];
}

type Templated = ApiObject<{ template: PodTemplateSpec }>;

/** The object with the images set, and whether anything changed. */
function withImages(obj: ApiObject, images: ReadonlyMap<string, string>): { obj: ApiObject; changed: boolean } {
  if (obj.kind === "Pod") {
    const pod = obj as Pod;
    const { spec, changed } = setImages(pod.spec, images);
    return { obj: { ...pod, spec }, changed };
  }
  const w = obj as Templated;
  const template = w.spec?.template ?? { spec: { containers: [] } };
  const { spec, changed } = setImages(template.spec, images);
  return { obj: { ...w, spec: { ...w.spec, template: { ...template, spec } } }, changed };
}

export const imageCommand: CommandModule<GlobalArgs, ImageArgs> = {
  command: "image <args..>",
  describe: "Change the image of containers: KIND/NAME... CONTAINER=IMAGE... (* for every container)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("args", { type: "string", array: true, demandOption: true, describe: "KIND/NAME... (or KIND NAME...), then CONTAINER=IMAGE..." })
      .example("skiff set image deployment/web web=nginx:1.27", "")
      .example("skiff set image sts db '*=postgres:16'", "") as unknown as Argv<ImageArgs>,
  handler: async (args) => {
    const { resources, images } = parseImageArgs(args.args);
    const targets = parseTargets(resources, { kinds: ["Deployment", "StatefulSet", "ReplicaSet", "Pod"], verb: "set image" });
    const namespace = namespaceFor(args);
    await withClient(args, async (client) => {
      for (const { info, name } of targets) {
        await retryOnConflict(async () => {
          const current = await client.get(info.kind, name, namespace).catch(rethrowNotFound(info, name));
          const { obj, changed } = withImages(current, images);
          if (changed) await client.update(obj);
        });
        process.stdout.write(`${kindRef(info.kind)}/${name} image updated\n`);
      }
    });
  },
};
