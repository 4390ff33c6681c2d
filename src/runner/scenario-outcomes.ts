// The two ways a scenario ends early on purpose: a failed expectation and a
// skip. Anything else thrown means the harness or the cluster broke.
export class ExpectationFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpectationFailure';
  }
}

export class ScenarioSkipped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ScenarioSkipped';
  }
}
