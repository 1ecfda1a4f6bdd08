// Browser tests run under mocha in web-test-runner: its globals (describe, it, beforeEach, …) for the type check.
/// <reference types="mocha" />
