// Placeholder until the config layer lands: generated files are produced here.
console.log('nothing to generate yet');
