"""Commands load with their module: the table naming each command's module is complete
and true, and running one command defines only what it records on."""

from dcledger.ledger import commands
from tests.fresh_process import modules_loaded


def test_each_command_is_found_in_the_module_its_first_word_names():
    for name, fn in commands.all_commands().items():
        word = name.split(" ", 1)[0]
        assert word in commands.MODULE_OF_WORD, name
        assert fn.__module__ == f"{commands.__name__}.{commands.MODULE_OF_WORD[word]}", name


def test_every_module_in_the_table_defines_a_command():
    defining = {fn.__module__.rsplit(".", 1)[1] for fn in commands.all_commands().values()}
    assert defining == set(commands.MODULE_OF_WORD.values())


def test_loading_one_command_leaves_the_other_modules_unloaded():
    program = "from dcledger.ledger import commands\ncommands.load_for('member confirm-contact')"
    prefixes = ("dcledger.ledger.commands.", "dcledger.ledger.aggregates.")
    loaded = sorted(m.rsplit(".", 1)[1] for m in modules_loaded(program, *prefixes))
    assert loaded == ["base", "coalition", "context", "membership", "person"]
