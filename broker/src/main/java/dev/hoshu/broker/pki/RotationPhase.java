package dev.hoshu.broker.pki;

/** Where a device-CA rotation stands: steady (one CA), prepared (next CA trusted), switched (next CA signs). */
public enum RotationPhase {
    STEADY("steady", "start one with: hoshu ca rotate prepare"),
    PREPARED("prepared", "once every agent renewed, go on with: hoshu ca rotate switch"),
    SWITCHED("switched", "once every agent renewed, go on with: hoshu ca rotate finish");

    private final String word;
    private final String nextStep;

    RotationPhase(String word, String nextStep) {
        this.word = word;
        this.nextStep = nextStep;
    }

    public String word() {
        return word;
    }

    public String nextStep() {
        return nextStep;
    }
}
