package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import java.util.List;
import java.util.Set;

/** The quickstart's cast, plus a few with unusual role mixes. */
final class Actors {

    /** What the development issuer's tokens say: password and one-time code. */
    static final List<String> MFA = List.of("pwd", "otp");

    static final Actor SATO = new Actor("sato", "medserve", Set.of("engineer"), "佐藤 健").loggedInWith(MFA, null);
    static final Actor YAMADA = new Actor("yamada", "medserve", Set.of("engineer"), "山田 太郎").loggedInWith(MFA, null);
    /** An engineer of another service company. */
    static final Actor NAKAMURA = new Actor("nakamura", "kyowa-medical", Set.of("engineer"), "中村 翔").loggedInWith(MFA, null);
    /** Another company's engineer who happens to sign in with the same user name as medserve's sato. */
    static final Actor SATO_OF_KYOWA = new Actor("sato", "kyowa-medical", Set.of("engineer"), "佐藤 光").loggedInWith(MFA, null);
    static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中 花子").loggedInWith(MFA, null);
    static final Actor SUZUKI = new Actor("suzuki", "hosp-a", Set.of("auditor"), "鈴木 一郎").loggedInWith(MFA, null);
    static final Actor KATO = new Actor("kato", "hosp-b", Set.of("approver", "hospital-admin"), "加藤 誠").loggedInWith(MFA, null);
    /** A hospital engineer who is also an approver: may ask, must not approve their own ask. */
    static final Actor INOUE = new Actor("inoue", "hosp-a", Set.of("engineer", "approver"), "井上 陽").loggedInWith(MFA, null);

    private Actors() {
    }
}
