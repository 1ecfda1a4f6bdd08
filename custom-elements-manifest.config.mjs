// Settings of `npm run manifest` (@custom-elements-manifest/analyzer): the manifest lists the events documented
// with @fires on the element. The analyzer also records each `dispatchEvent(new IctXEvent(...))` it finds, without
// a name (the name is the class's static `type`); those duplicates are dropped here.
export default {
  // package.json names the manifest once (`customElements`); a run into another folder must not rewrite it.
  packagejson: false,
  plugins: [
    {
      name: 'ict:named-events-only',
      packageLinkPhase({customElementsManifest}) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const d of mod.declarations ?? []) {
            if (Array.isArray(d.events)) d.events = d.events.filter((e) => e.name);
          }
        }
      },
    },
  ],
};
