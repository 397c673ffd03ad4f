"""Nineteen distinct functions calling each other; the last raises. With the frame that catches, a traceback
of exactly 20 frames, the same shape for every SDK measured."""


def level_1(message):
    return level_2(message)


def level_2(message):
    return level_3(message)


def level_3(message):
    return level_4(message)


def level_4(message):
    return level_5(message)


def level_5(message):
    return level_6(message)


def level_6(message):
    return level_7(message)


def level_7(message):
    return level_8(message)


def level_8(message):
    return level_9(message)


def level_9(message):
    return level_10(message)


def level_10(message):
    return level_11(message)


def level_11(message):
    return level_12(message)


def level_12(message):
    return level_13(message)


def level_13(message):
    return level_14(message)


def level_14(message):
    return level_15(message)


def level_15(message):
    return level_16(message)


def level_16(message):
    return level_17(message)


def level_17(message):
    return level_18(message)


def level_18(message):
    return level_19(message)


def level_19(message):
    raise ValueError(message)

